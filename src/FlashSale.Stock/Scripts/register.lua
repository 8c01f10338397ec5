-- Registers a shopper for a sale that requires it, only before it opens (Redis's clock). Idempotent.
-- KEYS[1] sale hash, KEYS[2] registered set
-- ARGV[1] shopper id
-- Returns 'registered', 'already_registered', 'not_required', 'registration_closed' or 'unknown_sale'.
local sale = redis.call('HMGET', KEYS[1], 'starts_ms', 'requires_registration')
if not sale[1] then
  return 'unknown_sale'
end
if sale[2] ~= '1' then
  return 'not_required'
end
if now_ms() >= tonumber(sale[1]) then
  return 'registration_closed'
end
if redis.call('SADD', KEYS[2], ARGV[1]) == 1 then
  return 'registered'
end
return 'already_registered'
