-- Each wrk thread buys with its own slice of pre-minted shopper tokens; one request per shopper.
local tokens = {}
local counter = 0
local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end
function init(args)
  for line in io.lines(args[1]) do tokens[#tokens + 1] = line end
  sale = args[2]
  nthreads = tonumber(args[3])
end
function request()
  local i = (counter * nthreads + tid) % #tokens + 1
  counter = counter + 1
  return wrk.format("POST", "/api/v1/sales/" .. sale .. "/purchases",
    { ["Authorization"] = "Bearer " .. tokens[i], ["Idempotency-Key"] = "k" }, nil)
end
