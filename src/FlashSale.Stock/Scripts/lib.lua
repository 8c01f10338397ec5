-- Helpers shared by every script: LuaScripts prepends this file to each one when loading.

-- Redis's own clock in unix milliseconds: every host agrees on it, whatever their clocks say.
local function now_ms()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end

-- nil while a sale running from starts_ms to ends_ms is open at now, else the refusal.
local function window_refusal(starts_ms, ends_ms, now)
  if now < tonumber(starts_ms) then
    return 'not_open'
  end
  if now >= tonumber(ends_ms) then
    return 'closed'
  end
  return nil
end

-- nil while an F-code in this state can still be used at now, else the refusal.
local function fcode_refusal(state, expires_ms, now)
  if state == 'redeemed' then
    return 'fcode_used'
  end
  if state == 'revoked' then
    return 'fcode_revoked'
  end
  if tonumber(expires_ms) > 0 and now >= tonumber(expires_ms) then
    return 'fcode_expired'
  end
  return nil
end

-- An order record: state|created_ms|pay_by_ms|settled_ms|fcode|shopper. The shopper id goes last because it
-- may itself contain '|'; pay_by_ms is 0 for orders never held, settled_ms is when it was confirmed or lapsed.
local function order_record(state, created, pay_by, settled, fcode, shopper)
  return table.concat({state, created, pay_by, settled, fcode, shopper}, '|')
end

local function parse_order(value)
  local state, created, pay_by, settled, fcode, shopper = string.match(value, '^([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|(.*)$')
  return {state = state, created = created, pay_by = tonumber(pay_by), settled = settled, fcode = fcode, shopper = shopper}
end

-- Appends a confirmed order to the outbox: the relay hands it to fulfillment. trace: the W3C traceparent of the
-- request that confirmed it when its trace is kept, else '' (see emit_orders).
local function emit_confirmed(outbox, order_id, sale_id, sku, shopper, now, fcode, fcode_version, trace)
  redis.call('XADD', outbox, '*', 'order_id', order_id, 'sale_id', sale_id, 'sku', sku, 'shopper_id', shopper,
    'confirmed_ms', now, 'fcode', fcode, 'fcode_version', fcode_version, 'trace', trace)
end

-- Appends a batch script's confirmed orders to the outbox as one entry: kind, sale_id, sku and confirmed_ms, then
-- the orders' fields (order ids and codes never collide with those names, nor with 'trace' below). kind 'orders'
-- (purchase.lua): an order id -> shopper id pair per order; 'fcode_orders' (fcode_purchase.lua): that pair, then
-- code -> the code's version after the redemption. One entry per batch rather than per order: Redis appends,
-- reads, acknowledges and deletes once per batch. trace: the W3C traceparents of the batch's requests whose traces
-- are kept, space-separated, or ''; when set it goes before confirmed_ms, as 'trace', so the relay can carry those
-- traces on into fulfillment. There, a relay of an older build (mid-upgrade) fails to read confirmed_ms and leaves
-- the entry for a newer relay to claim, where anywhere after it would read the field as an order. Most batches
-- have no trace and spend nothing on it.
local function emit_orders(outbox, kind, sale_id, sku, now, trace, fields)
  if trace ~= '' then
    redis.call('XADD', outbox, '*', 'kind', kind, 'sale_id', sale_id, 'sku', sku, 'trace', trace, 'confirmed_ms', now,
      unpack(fields))
  else
    redis.call('XADD', outbox, '*', 'kind', kind, 'sale_id', sale_id, 'sku', sku, 'confirmed_ms', now, unpack(fields))
  end
end

-- A batch script's flat reply: the returned function appends one request's {outcome, order id, state,
-- pay_by_ms} after whatever replies already holds.
local function answers(replies)
  local n = #replies
  return function(outcome, order_id, state, pay_by)
    replies[n + 1], replies[n + 2], replies[n + 3], replies[n + 4] = outcome, order_id or '', state or '', pay_by or 0
    n = n + 4
  end
end

-- Lapses a hold: its unit back to the pool, its shopper's slot freed, an outbox event, all in the caller's step.
-- For the scripts that settle holds (pay.lua, lapse.lua), whose KEYS are: [1] sale hash, [2] orders hash,
-- [3] hold deadlines, [4] outbox stream, [5] units per shopper. o: the parsed held order.
local function lapse_hold(order_id, o, sale_id, now)
  redis.call('HSET', KEYS[2], order_id, order_record('lapsed', o.created, o.pay_by, now, o.fcode, o.shopper))
  redis.call('ZREM', KEYS[3], order_id)
  redis.call('HINCRBY', KEYS[1], 'held', -1)
  redis.call('HINCRBY', KEYS[1], 'remaining', 1)
  redis.call('HINCRBY', KEYS[1], 'lapsed', 1)
  redis.call('HINCRBY', KEYS[5], o.shopper, -1)
  redis.call('XADD', KEYS[4], '*', 'kind', 'lapse', 'order_id', order_id, 'sale_id', sale_id, 'shopper_id', o.shopper, 'at_ms', now)
end

-- The general pool after a script's changes: remaining and held units (the grain steers its waiting room by them).
local function pool_counts(sale)
  local counts = redis.call('HMGET', sale, 'remaining', 'held')
  return tonumber(counts[1]), tonumber(counts[2])
end

-- The {outcome, order id, state, pay_by_ms} answer to a request whose idempotency key already bought an order.
-- fcode is the code this request redeems ('' for a general purchase): a key first used for another request
-- (a purchase, or another code) is refused rather than answered with that request's order.
local function replay(orders, order_id, fcode)
  local o = parse_order(redis.call('HGET', orders, order_id))
  if o.fcode ~= fcode then
    return {'idempotency_key_reused'}
  end
  return {'replayed', order_id, o.state, o.pay_by}
end
