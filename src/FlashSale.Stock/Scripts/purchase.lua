-- Takes one unit for one shopper in a single atomic step: the decrement and its outbox entry are
-- written together or not at all. Redis's own clock decides whether the sale is open, so hosts
-- with skewed clocks agree.
-- KEYS[1] sale hash, KEYS[2] idempotency hash (shopper+key -> order id),
-- KEYS[3] units per shopper hash, KEYS[4] orders hash (order id -> shopper), KEYS[5] outbox stream,
-- KEYS[6] registered shoppers set
-- ARGV[1] shopper id, ARGV[2] idempotency field
-- Returns {outcome, order id?}
local prior = redis.call('HGET', KEYS[2], ARGV[2])
if prior then
  return {'replayed', prior}
end

local sale = redis.call('HMGET', KEYS[1], 'starts_ms', 'ends_ms', 'remaining', 'limit', 'sale_id', 'sku', 'requires_registration')
if not sale[1] then
  return {'unknown_sale'}
end

local now = now_ms()
local refusal = window_refusal(sale[1], sale[2], now)
if refusal then
  return {refusal}
end
if sale[7] == '1' and redis.call('SISMEMBER', KEYS[6], ARGV[1]) == 0 then
  return {'not_registered'}
end
if tonumber(sale[3]) <= 0 then
  return {'sold_out'}
end
local bought = tonumber(redis.call('HGET', KEYS[3], ARGV[1]) or '0')
if bought >= tonumber(sale[4]) then
  return {'limit_reached'}
end

redis.call('HINCRBY', KEYS[1], 'remaining', -1)
local order_id = sale[5] .. '-' .. redis.call('HINCRBY', KEYS[1], 'seq', 1)
redis.call('HINCRBY', KEYS[3], ARGV[1], 1)
redis.call('HSET', KEYS[2], ARGV[2], order_id)
redis.call('HSET', KEYS[4], order_id, ARGV[1] .. '|' .. now)
redis.call('XADD', KEYS[5], '*',
  'order_id', order_id, 'sale_id', sale[5], 'sku', sale[6], 'shopper_id', ARGV[1], 'confirmed_ms', now)
return {'purchased', order_id}
