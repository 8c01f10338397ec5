-- Creates a sale's stock record once; a second create with the same id changes nothing. The first session is
-- current; advance_session.lua moves on to the others.
-- KEYS[1] sale hash, KEYS[2] registry of sale ids scored by when they settle (read by the outbox relay), KEYS[3] outbox stream
-- ARGV: sale id, sku, name, fcode stock, per-shopper limit, payment window (s), requires registration ('1' or '0'),
--       admission window (ms), admission seed, settles by (unix ms), then per session: starts (unix ms), ends (unix ms), stock
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
local sessions = (#ARGV - 10) / 3
local planned = 0
for i = 1, sessions do
  local base = 10 + (i - 1) * 3
  redis.call('HSET', KEYS[1], 's' .. i, ARGV[base + 1] .. ',' .. ARGV[base + 2] .. ',' .. ARGV[base + 3])
  planned = planned + tonumber(ARGV[base + 3])
end
redis.call('HSET', KEYS[1],
  'sale_id', ARGV[1], 'sku', ARGV[2], 'name', ARGV[3],
  'fcode_stock', ARGV[4], 'fcode_remaining', ARGV[4],
  'limit', ARGV[5], 'payment_window_s', ARGV[6], 'requires_registration', ARGV[7],
  'admission_window_ms', ARGV[8], 'admission_seed', ARGV[9],
  'sessions', sessions, 'session', 1, 'starts_ms', ARGV[11], 'ends_ms', ARGV[12],
  'planned_stock', planned, 'on_sale', ARGV[13], 'remaining', ARGV[13],
  'held', 0, 'confirmed', 0, 'lapsed', 0, 'withdrawn', 0, 'seq', 0)
redis.call('ZADD', KEYS[2], ARGV[10], ARGV[1])
-- The relay's consumer group reads from the first entry on, so no order is written before it exists.
redis.call('XGROUP', 'CREATE', KEYS[3], 'relay', '0', 'MKSTREAM')
return 1
