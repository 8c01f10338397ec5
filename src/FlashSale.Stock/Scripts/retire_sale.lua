-- Retires a sale that settled long enough ago: drops its orders, which the archive in PostgreSQL now holds, and
-- the keys that grow with its crowd (registrations, idempotency keys, units per shopper, hold deadlines, the outbox
-- stream and the F-code index), and takes it out of the registry, so relays stop watching it. The sale hash stays,
-- holding the final counts and keeping the id taken: reads of the sale still answer, and of its orders from the
-- archive once retired_ms is set.
-- Refuses while a hold is unsettled or the outbox holds an entry no relay has handed to RabbitMQ, which would
-- otherwise be lost, and when the orders hash holds another number of orders than were archived. F-code hashes are
-- deleted beforehand, in batches (FcodeStore.DeleteAllAsync), so this stays short.
-- KEYS[1] registry, KEYS[2] sale hash, KEYS[3] outbox stream, KEYS[4] registered shoppers set, KEYS[5] orders hash,
-- KEYS[6..] the other keys to drop
-- ARGV[1] sale id, ARGV[2] retire sales settled at or before this (unix ms), ARGV[3] orders archived
-- Returns retired, not_due (not settled long enough, or already retired), holds_pending, outbox_pending or
-- orders_changed.
local settles = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not settles or tonumber(settles) > tonumber(ARGV[2]) then
  return 'not_due'
end
if tonumber(redis.call('HGET', KEYS[2], 'held') or '0') > 0 then
  return 'holds_pending'
end
if redis.call('XLEN', KEYS[3]) > 0 then
  return 'outbox_pending'
end
if redis.call('HLEN', KEYS[5]) ~= tonumber(ARGV[3]) then
  return 'orders_changed'
end
-- A registry entry whose sale hash is gone (deleted by hand, or evicted) is retired without writing a stray hash.
if redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('HSET', KEYS[2], 'registrations', redis.call('SCARD', KEYS[4]), 'retired_ms', now_ms())
end
-- UNLINK frees a set of millions of shoppers in the background instead of blocking Redis while it does.
redis.call('UNLINK', unpack(KEYS, 3))
redis.call('ZREM', KEYS[1], ARGV[1])
return 'retired'
