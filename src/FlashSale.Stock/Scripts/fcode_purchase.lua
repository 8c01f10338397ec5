-- Redeems F-codes: for each redemption of a batch, in order and each exactly as if it ran alone, one unit from
-- the sale's F-code allocation, in a single atomic step with the redemption mark and the outbox entry. F-code
-- holders bypass the general pool and its per-shopper limit, and their orders are confirmed at once: the code
-- already vouched for the buyer, so there is no hold to lapse.
-- KEYS[1] sale hash, KEYS[2] idempotency hash, KEYS[3] orders hash, KEYS[4] outbox stream, then the code hash of
-- each redemption in turn (KEYS[4 + i] for the i-th).
-- ARGV[1]: the traceparents of the batch's traced redemptions, or '' (lib.lua's emit_orders); then a (shopper id,
-- idempotency field, code) triple per redemption. As in purchase.lua, the sale's counters are read once and
-- written once, the batch is served at one instant of Redis's clock, and one outbox entry carries the batch's
-- orders: a launch's holders all redeem in its first seconds, and one script each cost Redis 43 µs a redemption
-- against 33 in batches (docs/PERFORMANCE.md, eighth session).
-- Returns {} for an unknown sale, else {outcome, order id, state, pay_by_ms} for each redemption in turn.
local sale = redis.call('HMGET', KEYS[1], 'starts_ms', 'ends_ms', 'fcode_remaining', 'sale_id', 'sku', 'seq')
if not sale[1] then
  return {}
end
local fcode_remaining, seq, sale_id = tonumber(sale[3]), tonumber(sale[6]), sale[4]
local now = now_ms()
local refusal = window_refusal(sale[1], sale[2], now)

local replies, outbox = {}, {}
local answer = answers(replies)

local function redeem(code_key, shopper, field, code)
  local prior = redis.call('HGET', KEYS[2], field)
  if prior then
    return answer(unpack(replay(KEYS[3], prior, code)))
  end
  local c = redis.call('HMGET', code_key, 'owner', 'state', 'expires_ms')
  if not c[2] then
    return answer('fcode_invalid')
  end
  if refusal then
    return answer(refusal)
  end
  local code_refusal = fcode_refusal(c[2], c[3], now)
  if code_refusal then
    return answer(code_refusal)
  end
  -- An unassigned code ('') is a bearer code: whoever holds it may redeem it.
  if c[1] ~= '' and c[1] ~= shopper then
    return answer('fcode_not_owner')
  end
  if fcode_remaining <= 0 then
    return answer('fcode_stock_exhausted')
  end

  fcode_remaining = fcode_remaining - 1
  seq = seq + 1
  local order_id = sale_id .. '-' .. seq
  local version = redis.call('HINCRBY', code_key, 'version', 1)
  redis.call('HSET', code_key, 'state', 'redeemed', 'order_id', order_id)
  redis.call('HSET', KEYS[2], field, order_id)
  redis.call('HSET', KEYS[3], order_id, order_record('confirmed', now, 0, now, code, shopper))
  outbox[#outbox + 1], outbox[#outbox + 2], outbox[#outbox + 3], outbox[#outbox + 4] = order_id, shopper, code, version
  return answer('purchased', order_id, 'confirmed', 0)
end

for i = 1, (#ARGV - 1) / 3 do
  local at = 3 * i - 1
  redeem(KEYS[4 + i], ARGV[at], ARGV[at + 1], ARGV[at + 2])
end
-- The sale's 'confirmed' counts the general pool only: the F-code allocation is fcode_stock - fcode_remaining.
if seq ~= tonumber(sale[6]) then
  redis.call('HSET', KEYS[1], 'fcode_remaining', fcode_remaining, 'seq', seq)
end
if #outbox > 0 then
  emit_orders(KEYS[4], 'fcode_orders', sale_id, sale[5], now, ARGV[1], outbox)
end
return replies
