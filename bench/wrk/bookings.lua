-- The bookings the booking scripts send: request number g of a run (counted across the
-- threads) takes room g mod R, the (g div R)-th free slot of that room from the first day on,
-- for tenant (g div R) mod T with that tenant member's own token (bench/slots.py does the same).
-- Arguments the scripts pass on: fleet file, first day (epoch s, a WIB midnight), thread count,
-- run nonce.
local bookings = {}
local SLOT_S, SLOTS_A_DAY = 1800, 46

local tenants, rooms = {}, {}
local first_day, nonce

function bookings.init(args)
  for line in io.lines(args[1]) do
    local kind, id, token = line:match("^(%S+) (%S+) ?(%S*)$")
    if kind == "tenant" then
      table.insert(tenants, { id = id, token = token })
    elseif kind == "room" then
      table.insert(rooms, id)
    end
  end
  first_day, nonce = tonumber(args[2]), args[4]
  return tonumber(args[3])
end

function bookings.room_count()
  return #rooms
end

-- The request of booking number g, asking for the slot of booking number ``wanted``.
function bookings.request(g, wanted)
  local nth = math.floor(wanted / #rooms)
  local starts = first_day + math.floor(nth / SLOTS_A_DAY) * 86400 + (nth % SLOTS_A_DAY) * SLOT_S
  local tenant = tenants[nth % #tenants + 1]
  local body = string.format(
    '{"space_id": "%s", "tenant_id": "%s", "starts_at": "%s", "ends_at": "%s"}',
    rooms[wanted % #rooms + 1], tenant.id, os.date("!%Y-%m-%dT%H:%M:%SZ", starts),
    os.date("!%Y-%m-%dT%H:%M:%SZ", starts + SLOT_S))
  local headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. tenant.token,
    ["Idempotency-Key"] = string.format("bench-%s-%d", nonce, g),
  }
  return wrk.format("POST", "/bookings", headers, body)
end

return bookings
