-- Redeems an F-code: one unit from the sale's F-code allocation, in a single atomic step with the
-- redemption mark and the outbox entry. F-code holders bypass the general pool and its per-shopper limit, and
-- their orders are confirmed at once: the code already vouched for the buyer, so there is no hold to lapse.
-- KEYS[1] sale hash, KEYS[2] idempotency hash, KEYS[3] orders hash, KEYS[4] outbox stream, KEYS[5] code hash
-- ARGV[1] shopper id, ARGV[2] idempotency field, ARGV[3] code
-- Returns {outcome, order id, state, pay_by_ms}
local prior = redis.call('HGET', KEYS[2], ARGV[2])
if prior then
  return replay(KEYS[3], prior, ARGV[3])
end

local sale = redis.call('HMGET', KEYS[1], 'starts_ms', 'ends_ms', 'fcode_remaining', 'sale_id', 'sku')
if not sale[1] then
  return {'unknown_sale'}
end
local code = redis.call('HMGET', KEYS[5], 'owner', 'state', 'expires_ms')
if not code[2] then
  return {'fcode_invalid'}
end

local now = now_ms()
local refusal = window_refusal(sale[1], sale[2], now)
if refusal then
  return {refusal}
end
refusal = fcode_refusal(code[2], code[3], now)
if refusal then
  return {refusal}
end
-- An unassigned code ('') is a bearer code: whoever holds it may redeem it.
if code[1] ~= '' and code[1] ~= ARGV[1] then
  return {'fcode_not_owner'}
end
if tonumber(sale[3]) <= 0 then
  return {'fcode_stock_exhausted'}
end

redis.call('HINCRBY', KEYS[1], 'fcode_remaining', -1)
local order_id = sale[4] .. '-' .. redis.call('HINCRBY', KEYS[1], 'seq', 1)
local version = redis.call('HINCRBY', KEYS[5], 'version', 1)
redis.call('HSET', KEYS[5], 'state', 'redeemed', 'order_id', order_id)
redis.call('HSET', KEYS[2], ARGV[2], order_id)
redis.call('HSET', KEYS[3], order_id, order_record('confirmed', now, 0, now, ARGV[3], ARGV[1]))
emit_confirmed(KEYS[4], order_id, sale[4], sale[5], ARGV[1], now, ARGV[3], version)
return {'purchased', order_id, 'confirmed', 0}
