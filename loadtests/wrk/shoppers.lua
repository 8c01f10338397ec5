-- wrk script: every request is a POST by the next shopper in a file of pre-minted tokens (one a line), so
-- each wrk thread walks its own slice of shoppers.
--   wrk ... -s loadtests/wrk/shoppers.lua URL -- TOKENS_FILE PATH THREADS [CODES_FILE]
-- PATH is e.g. /api/v1/sales/{id}/purchases (sent with Idempotency-Key: k) or /api/v1/sales/{id}/registrations.
-- With CODES_FILE (bearer F-codes of the sale, one a line) each purchase redeems the code on its shopper's line, as
-- a holder sends it: a JSON body {"fcode": ...}.
local tokens, codes = {}, {}
local counter = 0
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do tokens[#tokens + 1] = line end
  path = args[2]
  nthreads = tonumber(args[3])
  if args[4] then
    for line in io.lines(args[4]) do codes[#codes + 1] = line end
  end
end

function request()
  local n = #codes > 0 and #codes or #tokens
  local i = (counter * nthreads + tid) % n + 1
  counter = counter + 1
  local headers = { ["Authorization"] = "Bearer " .. tokens[(i - 1) % #tokens + 1], ["Idempotency-Key"] = "k" }
  if #codes == 0 then
    return wrk.format("POST", path, headers, nil)
  end
  headers["Content-Type"] = "application/json"
  return wrk.format("POST", path, headers, '{"fcode":"' .. codes[i] .. '"}')
end
