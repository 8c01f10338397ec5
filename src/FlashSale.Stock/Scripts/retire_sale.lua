-- Retires a sale that settled long enough ago: drops the keys that grow with its crowd (registrations,
-- idempotency keys, units per shopper, hold deadlines, the outbox stream and the F-code index) and takes it out
-- of the registry, so relays stop watching it. The sale hash stays, holding the final counts and keeping the id
-- taken, and so do its orders (one small record per unit sold): reads of the sale and its orders still answer.
-- Refuses while a hold is unsettled or the outbox holds an entry no relay has handed to RabbitMQ, which would
-- otherwise be lost. F-code hashes are deleted beforehand, in batches (FcodeStore.DeleteAllAsync), so this stays short.
-- KEYS[1] registry, KEYS[2] sale hash, KEYS[3] outbox stream, KEYS[4] registered shoppers set,
-- KEYS[5..] the other keys to drop
-- ARGV[1] sale id, ARGV[2] retire sales settled at or before this (unix ms)
-- Returns retired, not_due (not settled long enough, or already retired), holds_pending or outbox_pending.
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
redis.call('HSET', KEYS[2], 'registrations', redis.call('SCARD', KEYS[4]), 'retired_ms', now_ms())
-- UNLINK frees a set of millions of shoppers in the background instead of blocking Redis while it does.
redis.call('UNLINK', unpack(KEYS, 3))
redis.call('ZREM', KEYS[1], ARGV[1])
return 'retired'
