-- Reads a sale and Redis's clock in one step, so the state derived from them is consistent.
-- KEYS[1] sale hash, KEYS[2] registered shoppers set
local sale = redis.call('HMGET', KEYS[1],
  'sale_id', 'sku', 'name', 'stock', 'fcode_stock', 'limit', 'starts_ms', 'ends_ms', 'payment_window_s', 'remaining',
  'fcode_remaining', 'requires_registration')
if not sale[1] then
  return nil
end
sale[13] = tostring(now_ms())
sale[14] = tostring(redis.call('SCARD', KEYS[2]))
return sale
