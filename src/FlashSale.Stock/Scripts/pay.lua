-- Pays for a held order: it becomes confirmed and goes to the outbox. A hold whose pay_by has passed is lapsed
-- here and now instead, so a payment and the lapse sweep racing each other end with exactly one outcome:
-- whichever script Redis runs first settles the order, and the other finds it settled.
-- KEYS[1] sale hash, KEYS[2] orders hash, KEYS[3] hold deadlines, KEYS[4] outbox stream, KEYS[5] units per shopper
-- ARGV[1] order id, ARGV[2] shopper id, ARGV[3] the payment's traceparent when its trace is kept, else ''
-- Returns {outcome, settled_ms, remaining, held}: paid, hold_expired, already_paid, not_owner or order_not_found.
local value = redis.call('HGET', KEYS[2], ARGV[1])
if not value then
  return {'order_not_found'}
end
local o = parse_order(value)
if o.shopper ~= ARGV[2] then
  return {'not_owner'}
end
local sale = redis.call('HMGET', KEYS[1], 'sale_id', 'sku')
local function answer(outcome, at)
  local remaining, held = pool_counts(KEYS[1])
  return {outcome, tonumber(at), remaining, held}
end
if o.state == 'confirmed' then
  return answer('already_paid', o.settled)
end
if o.state == 'lapsed' then
  return answer('hold_expired', o.settled)
end

local now = now_ms()
if now >= o.pay_by then
  lapse_hold(ARGV[1], o, sale[1], now)
  return answer('hold_expired', now)
end
redis.call('HSET', KEYS[2], ARGV[1], order_record('confirmed', o.created, o.pay_by, now, o.fcode, o.shopper))
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('HINCRBY', KEYS[1], 'held', -1)
redis.call('HINCRBY', KEYS[1], 'confirmed', 1)
emit_confirmed(KEYS[4], ARGV[1], sale[1], sale[2], o.shopper, now, o.fcode, 0, ARGV[3])
return answer('paid', now)
