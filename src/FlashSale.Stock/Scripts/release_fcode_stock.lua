-- Moves the F-code allocation that was not redeemed into the general pool, once. Later redemptions find
-- the allocation empty (fcode_stock_exhausted).
-- KEYS[1] sale hash
-- Returns the number of units moved, or -1 for an unknown sale.
local left = redis.call('HGET', KEYS[1], 'fcode_remaining')
if not left then
  return -1
end
left = tonumber(left)
if left > 0 then
  redis.call('HINCRBY', KEYS[1], 'fcode_remaining', -left)
  redis.call('HINCRBY', KEYS[1], 'fcode_stock', -left)
  redis.call('HINCRBY', KEYS[1], 'planned_stock', left)
  redis.call('HINCRBY', KEYS[1], 'on_sale', left)
  redis.call('HINCRBY', KEYS[1], 'remaining', left)
end
return left
