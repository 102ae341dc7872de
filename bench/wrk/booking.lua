-- Each connection books as fast as it is answered, a distinct 30-minute slot a request
-- (bookings.lua). One request in 50 asks again for the slot R requests earlier took in the same
-- room: a conflict (409) on purpose.
-- Arguments: fleet file, first day (epoch s, a WIB midnight), thread count, run nonce.
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
require("report").install()
local bookings = require("bookings")
local CONFLICT_EVERY = 50

local thread_count
local sent = 0

function init(args)
  thread_count = bookings.init(args)
end

function request()
  local g = sent * thread_count + index
  sent = sent + 1
  local wanted = g
  if g % CONFLICT_EVERY == CONFLICT_EVERY - 1 and g >= bookings.room_count() then
    wanted = g - bookings.room_count()
  end
  return bookings.request(g, wanted)
end
