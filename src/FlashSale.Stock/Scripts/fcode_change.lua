-- Transfers or revokes one F-code, atomically with respect to its redemption (the same key), and appends
-- the event to the sale's outbox in the same step.
-- KEYS[1] code hash, KEYS[2] outbox stream
-- ARGV[1] 'transfer' | 'revoke', ARGV[2] code, ARGV[3] required current owner ('' = ops: any owner),
-- ARGV[4] new owner (transfer), ARGV[5] actor, ARGV[6] sale id
-- Returns {outcome, owner before}
local code = redis.call('HMGET', KEYS[1], 'owner', 'state', 'expires_ms')
if not code[2] then
  return {'fcode_invalid'}
end
local now = now_ms()
local refusal = fcode_refusal(code[2], code[3], now)
if refusal then
  return {refusal}
end
if ARGV[3] ~= '' and code[1] ~= ARGV[3] then
  return {'fcode_not_owner'}
end

local version = redis.call('HINCRBY', KEYS[1], 'version', 1)
local to_owner = code[1]
if ARGV[1] == 'transfer' then
  to_owner = ARGV[4]
  redis.call('HSET', KEYS[1], 'owner', to_owner)
else
  redis.call('HSET', KEYS[1], 'state', 'revoked')
end
redis.call('XADD', KEYS[2], '*', 'kind', 'fcode', 'event', ARGV[1], 'code', ARGV[2], 'sale_id', ARGV[6],
  'actor', ARGV[5], 'from_owner', code[1], 'to_owner', to_owner, 'version', version, 'at_ms', now)
return {'ok', code[1]}
