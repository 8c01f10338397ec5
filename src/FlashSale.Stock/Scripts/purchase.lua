-- Takes one unit for each purchase of a batch, in order, each exactly as if it ran alone. Without a payment
-- window the order is confirmed and written to the outbox in the same step (one entry carries the batch's
-- orders); with one, the unit is held until pay_by and only the payment (pay.lua) or the lapse (lapse.lua)
-- settles it. Redis's own clock decides whether the sale is open, so hosts with skewed clocks agree.
-- KEYS[1] sale hash, KEYS[2] idempotency hash (shopper+key -> order id),
-- KEYS[3] units per shopper hash (held + confirmed), KEYS[4] orders hash (order id -> record), KEYS[5] outbox stream,
-- KEYS[6] registered shoppers set, KEYS[7] hold deadlines (order id scored by pay_by_ms)
-- ARGV[1]: the traceparents of the batch's traced purchases, or '' (lib.lua's emit_orders); then a (shopper id,
-- idempotency field) pair per purchase. A batch costs the engine one round trip, however many purchases it
-- carries; each still reads and writes the keys itself, so a shopper twice in one batch is counted twice against
-- the limit and the second use of a key replays the first.
-- The script is atomic, so the sale's counters are read once, kept here while the batch is served, and written
-- once at the end; the whole batch is served at one instant of Redis's clock. At launch rates this halves the
-- commands each purchase costs Redis.
-- Returns {} for an unknown sale, else {remaining, held} after the batch, then {outcome, order id, state,
-- pay_by_ms} for each purchase in turn.
local sale = redis.call('HMGET', KEYS[1], 'starts_ms', 'ends_ms', 'remaining', 'limit', 'sale_id', 'sku',
  'requires_registration', 'payment_window_s', 'held', 'seq', 'confirmed')
if not sale[1] then
  return {}
end
local remaining, held, seq, confirmed = tonumber(sale[3]), tonumber(sale[9]), tonumber(sale[10]), tonumber(sale[11])
local limit, sale_id, sku, window_s = tonumber(sale[4]), sale[5], sale[6], tonumber(sale[8])
local requires_registration = sale[7] == '1'
local now = now_ms()
local refusal = window_refusal(sale[1], sale[2], now)

-- Every order the batch confirms has this record but for its shopper, who goes last: formatting Redis's clock
-- into each one was a visible share of the script's time.
local confirmed_record = order_record('confirmed', now, 0, now, '', '')

local replies, outbox = {0, 0}, {}
local answer = answers(replies)

local function purchase(shopper, field)
  local prior = redis.call('HGET', KEYS[2], field)
  if prior then
    return answer(unpack(replay(KEYS[4], prior, '')))
  end
  if refusal then
    return answer(refusal)
  end
  if requires_registration and redis.call('SISMEMBER', KEYS[6], shopper) == 0 then
    return answer('not_registered')
  end
  if remaining <= 0 then
    return answer('sold_out')
  end
  -- Counting the unit first and taking it back past the limit saves a command for every shopper within it.
  if redis.call('HINCRBY', KEYS[3], shopper, 1) > limit then
    redis.call('HINCRBY', KEYS[3], shopper, -1)
    return answer('limit_reached')
  end

  remaining = remaining - 1
  seq = seq + 1
  local order_id = sale_id .. '-' .. seq
  redis.call('HSET', KEYS[2], field, order_id)
  if window_s > 0 then
    local pay_by = now + window_s * 1000
    held = held + 1
    redis.call('HSET', KEYS[4], order_id, order_record('held', now, pay_by, 0, '', shopper))
    redis.call('ZADD', KEYS[7], pay_by, order_id)
    return answer('purchased', order_id, 'held', pay_by)
  end
  confirmed = confirmed + 1
  redis.call('HSET', KEYS[4], order_id, confirmed_record .. shopper)
  outbox[#outbox + 1], outbox[#outbox + 2] = order_id, shopper
  return answer('purchased', order_id, 'confirmed', 0)
end

for i = 2, #ARGV, 2 do
  purchase(ARGV[i], ARGV[i + 1])
end
if seq ~= tonumber(sale[10]) then
  redis.call('HSET', KEYS[1], 'remaining', remaining, 'held', held, 'seq', seq, 'confirmed', confirmed)
end
if #outbox > 0 then
  emit_orders(KEYS[5], 'orders', sale_id, sku, now, ARGV[1], outbox)
end
replies[1], replies[2] = remaining, held
return replies
