-- Lapses up to ARGV[1] holds whose pay_by has passed by Redis's clock, each returning its unit to stock.
-- KEYS[1] sale hash, KEYS[2] orders hash, KEYS[3] hold deadlines, KEYS[4] outbox stream, KEYS[5] units per shopper
-- Returns {holds lapsed, remaining, held}, or {0} for an unknown sale.
local sale_id = redis.call('HGET', KEYS[1], 'sale_id')
if not sale_id then
  return {0}
end
local now = now_ms()
local due = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
for _, order_id in ipairs(due) do
  lapse_hold(order_id, parse_order(redis.call('HGET', KEYS[2], order_id)), sale_id, now)
end
local remaining, held = pool_counts(KEYS[1])
return {#due, remaining, held}
