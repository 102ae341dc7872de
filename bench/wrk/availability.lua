-- The week of free intervals of each room in turn, as the console's page of a space asks for
-- it: every room of the site is read once per R requests.
-- Arguments: fleet file, the week's query string (starts_at=...&ends_at=..., URL-encoded).
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local report = require("report")

local next_index = 0
function setup(thread)
  report.setup(thread, next_index)
  next_index = next_index + 1
end

local requests = {}
local sent = 0

function init(args)
  for line in io.lines(args[1]) do
    local id = line:match("^room (%S+)")
    if id then
      table.insert(requests, wrk.format("GET", "/spaces/" .. id .. "/availability?" .. args[2]))
    end
  end
  sent = index
end

function request()
  sent = sent + 1
  return requests[sent % #requests + 1]
end

function response(status)
  report.count(status)
end

function done(summary, latency)
  report.done(summary, latency)
end
