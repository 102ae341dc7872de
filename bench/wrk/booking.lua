-- Each request books a distinct 30-minute slot: request number g of the run (counted across
-- the threads) takes room g mod R, the (g div R)-th free slot of that room from the first day
-- on, for tenant (g div R) mod T with that tenant member's own token. One request in 50 asks
-- again for the slot R requests earlier took in the same room: a conflict (409) on purpose.
-- Arguments: fleet file, first day (epoch s, a WIB midnight), thread count, run nonce.
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local report = require("report")
local SLOT_S, SLOTS_A_DAY, CONFLICT_EVERY = 1800, 46, 50

local next_index = 0
function setup(thread)
  report.setup(thread, next_index)
  next_index = next_index + 1
end

local tenants, rooms = {}, {}
local first_day, thread_count, nonce
local sent = 0

function init(args)
  for line in io.lines(args[1]) do
    local kind, id, token = line:match("^(%S+) (%S+) ?(%S*)$")
    if kind == "tenant" then
      table.insert(tenants, { id = id, token = token })
    elseif kind == "room" then
      table.insert(rooms, id)
    end
  end
  first_day, thread_count, nonce = tonumber(args[2]), tonumber(args[3]), args[4]
end

local function slot_of(g)
  local nth = math.floor(g / #rooms)
  local starts = first_day + math.floor(nth / SLOTS_A_DAY) * 86400 + (nth % SLOTS_A_DAY) * SLOT_S
  return rooms[g % #rooms + 1], tenants[nth % #tenants + 1], starts
end

function request()
  local g = sent * thread_count + index
  sent = sent + 1
  local wanted = g
  if g % CONFLICT_EVERY == CONFLICT_EVERY - 1 and g >= #rooms then
    wanted = g - #rooms
  end
  local room, tenant, starts = slot_of(wanted)
  local body = string.format(
    '{"space_id": "%s", "tenant_id": "%s", "starts_at": "%s", "ends_at": "%s"}',
    room, tenant.id, os.date("!%Y-%m-%dT%H:%M:%SZ", starts),
    os.date("!%Y-%m-%dT%H:%M:%SZ", starts + SLOT_S))
  local headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. tenant.token,
    ["Idempotency-Key"] = string.format("bench-%s-%d", nonce, g),
  }
  return wrk.format("POST", "/bookings", headers, body)
end

function response(status)
  report.count(status)
end

function done(summary, latency)
  report.done(summary, latency)
end
