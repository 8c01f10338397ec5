-- Creates a sale's stock record once; a second create with the same id changes nothing.
-- KEYS[1] sale hash, KEYS[2] registry of sale ids scored by end time (read by the outbox relay), KEYS[3] outbox stream
-- ARGV: sale id, sku, name, stock, fcode stock, per-shopper limit, starts (unix ms), ends (unix ms), payment window (s),
--       requires registration ('1' or '0')
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1],
  'sale_id', ARGV[1], 'sku', ARGV[2], 'name', ARGV[3],
  'stock', ARGV[4], 'remaining', ARGV[4],
  'fcode_stock', ARGV[5], 'fcode_remaining', ARGV[5],
  'limit', ARGV[6], 'starts_ms', ARGV[7], 'ends_ms', ARGV[8],
  'payment_window_s', ARGV[9], 'requires_registration', ARGV[10], 'seq', 0)
redis.call('ZADD', KEYS[2], ARGV[8], ARGV[1])
-- The relay's consumer group reads from the first entry on, so no order is written before it exists.
redis.call('XGROUP', 'CREATE', KEYS[3], 'relay', '0', 'MKSTREAM')
return 1
