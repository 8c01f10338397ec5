-- wrk script: every request is a POST by the next shopper in a file of pre-minted tokens (one a line), so
-- each wrk thread walks its own slice of shoppers.
--   wrk ... -s loadtests/wrk/shoppers.lua URL -- TOKENS_FILE PATH THREADS
-- PATH is e.g. /api/v1/sales/{id}/purchases (sent with Idempotency-Key: k) or /api/v1/sales/{id}/registrations.
local tokens = {}
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
end

function request()
  local i = (counter * nthreads + tid) % #tokens + 1
  counter = counter + 1
  return wrk.format("POST", path, { ["Authorization"] = "Bearer " .. tokens[i], ["Idempotency-Key"] = "k" }, nil)
end
