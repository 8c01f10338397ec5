-- wrk script: every request redeems the next F-code of a file (one a line) for the shopper on the same line of a
-- file of pre-minted tokens, so each wrk thread walks its own slice of holders, each code once.
--   wrk ... -s loadtests/wrk/fcode-holders.lua URL -- TOKENS_FILE CODES_FILE PATH THREADS
-- PATH is /api/v1/sales/{id}/purchases; the codes must be bearer codes (issued without owners) of that sale.
local tokens, codes = {}, {}
local counter = 0
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do tokens[#tokens + 1] = line end
  for line in io.lines(args[2]) do codes[#codes + 1] = line end
  path = args[3]
  nthreads = tonumber(args[4])
end

function request()
  local i = (counter * nthreads + tid) % #codes + 1
  counter = counter + 1
  return wrk.format("POST", path,
    { ["Authorization"] = "Bearer " .. tokens[(i - 1) % #tokens + 1], ["Idempotency-Key"] = "k", ["Content-Type"] = "application/json" },
    '{"fcode":"' .. codes[i] .. '"}')
end
