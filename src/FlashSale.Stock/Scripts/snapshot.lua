-- Reads a sale and Redis's clock in one step, so the counts agree with each other and with the state derived
-- from them.
-- KEYS[1] sale hash, KEYS[2] registered shoppers set
-- Returns the fields below in order, then now_ms, registrations and each session's 'starts,ends,stock'.
local fields = {'sale_id', 'sku', 'name', 'planned_stock', 'fcode_stock', 'limit', 'payment_window_s',
  'requires_registration', 'admission_window_ms', 'admission_seed', 'session', 'sessions', 'starts_ms', 'ends_ms',
  'on_sale', 'remaining', 'held', 'confirmed', 'withdrawn', 'fcode_remaining'}
local sale = redis.call('HMGET', KEYS[1], unpack(fields))
if not sale[1] then
  return nil
end
sale[#sale + 1] = tostring(now_ms())
-- A retired sale keeps its count of registrations in place of the set (retire_sale.lua).
sale[#sale + 1] = tostring(redis.call('HGET', KEYS[1], 'registrations') or redis.call('SCARD', KEYS[2]))
for i = 1, tonumber(sale[12]) do
  sale[#sale + 1] = redis.call('HGET', KEYS[1], 's' .. i)
end
return sale
