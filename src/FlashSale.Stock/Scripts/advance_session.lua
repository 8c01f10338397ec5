-- Moves a sale on from a session that has ended (by Redis's clock) to the next one: the ended session's unsold
-- units are withdrawn and the next session's stock goes on sale. Idempotent, so the grain's reminder and any
-- catch-up after a restart may both call it.
-- KEYS[1] sale hash
-- Returns {current session, sessions}, or {} for an unknown sale.
local s = redis.call('HMGET', KEYS[1], 'session', 'sessions', 'ends_ms')
if not s[1] then
  return {}
end
local current, count, ends = tonumber(s[1]), tonumber(s[2]), tonumber(s[3])
local now = now_ms()
while current < count and now >= ends do
  local unsold = tonumber(redis.call('HGET', KEYS[1], 'remaining'))
  redis.call('HINCRBY', KEYS[1], 'withdrawn', unsold)
  current = current + 1
  local starts, next_ends, stock = string.match(redis.call('HGET', KEYS[1], 's' .. current), '^(%d+),(%d+),(%d+)$')
  ends = tonumber(next_ends)
  redis.call('HSET', KEYS[1], 'session', current, 'starts_ms', starts, 'ends_ms', next_ends, 'remaining', stock)
  redis.call('HINCRBY', KEYS[1], 'on_sale', tonumber(stock))
end
return {current, count}
