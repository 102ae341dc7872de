-- Bookings at a steady rate, whatever the answers take (an open loop, while a connection is
-- free): a thread sends its k-th request at its start + (k * threads + index) / rate seconds,
-- on whichever of its connections is free then, each a distinct slot (bookings.lua), none
-- conflicting on purpose. A thread whose connections are all waiting sends late; the run's
-- achieved rate shows it.
-- Arguments: fleet file, first day (epoch s, a WIB midnight), thread count, run nonce, rate
-- (bookings/s of all threads together).
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
require("report").install()
local bookings = require("bookings")
local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *now);
]])
local CLOCK_MONOTONIC = 1
local now_ts = ffi.new("bench_timespec")

local function now_s()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, now_ts)
  return tonumber(now_ts.tv_sec) + tonumber(now_ts.tv_nsec) / 1e9
end

local thread_count, rate, started
local scheduled, sent = 0, 0

function init(args)
  thread_count = bookings.init(args)
  rate = tonumber(args[5])
end

-- Called before each request of a connection: the wait (ms) until the next slot of the
-- thread's schedule, which this request takes.
function delay()
  started = started or now_s()
  local at = started + (scheduled * thread_count + index) / rate
  scheduled = scheduled + 1
  return math.max(0, math.floor((at - now_s()) * 1000))
end

function request()
  local g = sent * thread_count + index
  sent = sent + 1
  return bookings.request(g, g)
end
