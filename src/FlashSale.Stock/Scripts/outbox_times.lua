-- What the relay asks before it reads a sale's outbox, in one round trip and by one clock.
-- KEYS[1] the sale's outbox stream.
-- Returns {now_ms, oldest_ms, newest_ms, length}: Redis's clock, the times of the oldest and the newest entry still
-- in the stream (relayed entries are deleted, so these are the orders fulfillment has not been handed; 0 and 0 when
-- it is empty) and how many entries it holds.

local function entry_ms(entries)
  return tonumber(string.match(entries[1][1], '^(%d+)'))
end

local now = now_ms()
local oldest = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)
if #oldest == 0 then
  return {now, 0, 0, 0}
end
local newest = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
return {now, entry_ms(oldest), entry_ms(newest), redis.call('XLEN', KEYS[1])}
