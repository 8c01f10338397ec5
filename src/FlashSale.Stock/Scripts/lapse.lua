-- Lapses up to ARGV[1] holds whose pay_by has passed by Redis's clock, each returning its unit to stock.
-- KEYS[1] sale hash, KEYS[2] orders hash, KEYS[3] hold deadlines, KEYS[4] outbox stream, KEYS[5] units per shopper
-- Returns {holds lapsed, remaining, held}, or {0} for an unknown sale.
local sale_id = redis.call('HGET', KEYS[1], 'sale_id')
if not sale_id then
  return {0}
end
local now = now_ms()
local k = {sale = KEYS[1], orders = KEYS[2], deadlines = KEYS[3], outbox = KEYS[4], shoppers = KEYS[5]}
local due = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
for _, order_id in ipairs(due) do
  lapse_hold(k, order_id, parse_order(redis.call('HGET', KEYS[2], order_id)), sale_id, now)
end
local counts = redis.call('HMGET', KEYS[1], 'remaining', 'held')
return {#due, tonumber(counts[1]), tonumber(counts[2])}
