-- Counts one failed attempt in a fixed window; the expiry is set with the first count, in the same step,
-- so a counter can never outlive its window.
-- KEYS[1] counter, ARGV[1] window (ms). Returns the count so far.
local n = redis.call('INCR', KEYS[1])
if n == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return n
