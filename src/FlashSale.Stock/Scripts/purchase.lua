-- Takes one unit for each purchase of a batch, in order, each exactly as if it ran alone. Without a payment
-- window the order is confirmed and its outbox entry written in the same step; with one, the unit is held until
-- pay_by and only the payment (pay.lua) or the lapse (lapse.lua) settles it. Redis's own clock decides whether
-- the sale is open, so hosts with skewed clocks agree.
-- KEYS[1] sale hash, KEYS[2] idempotency hash (shopper+key -> order id),
-- KEYS[3] units per shopper hash (held + confirmed), KEYS[4] orders hash (order id -> record), KEYS[5] outbox stream,
-- KEYS[6] registered shoppers set, KEYS[7] hold deadlines (order id scored by pay_by_ms)
-- ARGV: a (shopper id, idempotency field) pair per purchase. A batch costs the engine one round trip, however
-- many purchases it carries; each still reads and writes the keys itself, so a shopper twice in one batch is
-- counted twice against the limit and the second use of a key replays the first.
-- Returns one {outcome, order id, state, pay_by_ms, remaining, held} per purchase
local function purchase(shopper, field)
  local prior = redis.call('HGET', KEYS[2], field)
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
  if sale[7] == '1' and redis.call('SISMEMBER', KEYS[6], shopper) == 0 then
    return {'not_registered', '', '', 0, remaining, held}
  end
  if remaining <= 0 then
    return {'sold_out', '', '', 0, remaining, held}
  end
  local bought = tonumber(redis.call('HGET', KEYS[3], shopper) or '0')
  if bought >= tonumber(sale[4]) then
    return {'limit_reached', '', '', 0, remaining, held}
  end

  redis.call('HINCRBY', KEYS[1], 'remaining', -1)
  local order_id = sale[5] .. '-' .. redis.call('HINCRBY', KEYS[1], 'seq', 1)
  redis.call('HINCRBY', KEYS[3], shopper, 1)
  redis.call('HSET', KEYS[2], field, order_id)

  local window_s = tonumber(sale[8])
  if window_s > 0 then
    local pay_by = now + window_s * 1000
    redis.call('HINCRBY', KEYS[1], 'held', 1)
    redis.call('HSET', KEYS[4], order_id, order_record('held', now, pay_by, 0, '', shopper))
    redis.call('ZADD', KEYS[7], pay_by, order_id)
    return {'purchased', order_id, 'held', pay_by, remaining - 1, held + 1}
  end
  redis.call('HINCRBY', KEYS[1], 'confirmed', 1)
  redis.call('HSET', KEYS[4], order_id, order_record('confirmed', now, 0, now, '', shopper))
  emit_confirmed(KEYS[5], order_id, sale[5], sale[6], shopper, now, '', 0)
  return {'purchased', order_id, 'confirmed', 0, remaining - 1, held}
end

local replies = {}
for i = 1, #ARGV, 2 do
  replies[#replies + 1] = purchase(ARGV[i], ARGV[i + 1])
end
return replies
