-- Takes one unit for one shopper in a single atomic step. Without a payment window the order is confirmed and
-- its outbox entry written in the same step; with one, the unit is held until pay_by and only the payment
-- (pay.lua) or the lapse (lapse.lua) settles it. Redis's own clock decides whether the sale is open, so hosts
-- with skewed clocks agree.
-- KEYS[1] sale hash, KEYS[2] idempotency hash (shopper+key -> order id),
-- KEYS[3] units per shopper hash (held + confirmed), KEYS[4] orders hash (order id -> record), KEYS[5] outbox stream,
-- KEYS[6] registered shoppers set, KEYS[7] hold deadlines (order id scored by pay_by_ms)
-- ARGV[1] shopper id, ARGV[2] idempotency field
-- Returns {outcome, order id, state, pay_by_ms, remaining, held}
local prior = redis.call('HGET', KEYS[2], ARGV[2])
if prior then
  return replay(KEYS[4], prior, '')
end

local sale = redis.call('HMGET', KEYS[1], 'starts_ms', 'ends_ms', 'remaining', 'limit', 'sale_id', 'sku',
  'requires_registration', 'payment_window_s', 'held')
if not sale[1] then
  return {'unknown_sale'}
end
local remaining, held = tonumber(sale[3]), tonumber(sale[9])

local now = now_ms()
local refusal = window_refusal(sale[1], sale[2], now)
if refusal then
  return {refusal, '', '', 0, remaining, held}
end
if sale[7] == '1' and redis.call('SISMEMBER', KEYS[6], ARGV[1]) == 0 then
  return {'not_registered', '', '', 0, remaining, held}
end
if remaining <= 0 then
  return {'sold_out', '', '', 0, remaining, held}
end
local bought = tonumber(redis.call('HGET', KEYS[3], ARGV[1]) or '0')
if bought >= tonumber(sale[4]) then
  return {'limit_reached', '', '', 0, remaining, held}
end

redis.call('HINCRBY', KEYS[1], 'remaining', -1)
local order_id = sale[5] .. '-' .. redis.call('HINCRBY', KEYS[1], 'seq', 1)
redis.call('HINCRBY', KEYS[3], ARGV[1], 1)
redis.call('HSET', KEYS[2], ARGV[2], order_id)

local window_s = tonumber(sale[8])
if window_s > 0 then
  local pay_by = now + window_s * 1000
  redis.call('HINCRBY', KEYS[1], 'held', 1)
  redis.call('HSET', KEYS[4], order_id, order_record('held', now, pay_by, 0, '', ARGV[1]))
  redis.call('ZADD', KEYS[7], pay_by, order_id)
  return {'purchased', order_id, 'held', pay_by, remaining - 1, held + 1}
end
redis.call('HINCRBY', KEYS[1], 'confirmed', 1)
redis.call('HSET', KEYS[4], order_id, order_record('confirmed', now, 0, now, '', ARGV[1]))
emit_confirmed(KEYS[5], order_id, sale[5], sale[6], ARGV[1], now, '', 0)
return {'purchased', order_id, 'confirmed', 0, remaining - 1, held}
