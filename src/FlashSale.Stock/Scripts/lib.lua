-- Helpers shared by every script: LuaScripts prepends this file to each one when loading.

-- Redis's own clock in unix milliseconds: every host agrees on it, whatever their clocks say.
local function now_ms()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end

-- nil while a sale running from starts_ms to ends_ms is open at now, else the refusal.
local function window_refusal(starts_ms, ends_ms, now)
  if now < tonumber(starts_ms) then
    return 'not_open'
  end
  if now >= tonumber(ends_ms) then
    return 'closed'
  end
  return nil
end

-- nil while an F-code in this state can still be used at now, else the refusal.
local function fcode_refusal(state, expires_ms, now)
  if state == 'redeemed' then
    return 'fcode_used'
  end
  if state == 'revoked' then
    return 'fcode_revoked'
  end
  if tonumber(expires_ms) > 0 and now >= tonumber(expires_ms) then
    return 'fcode_expired'
  end
  return nil
end
