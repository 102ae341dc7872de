-- The week of free intervals of each room in turn, as the console's page of a space asks for
-- it: every room of the site is read once per R requests.
-- Arguments: fleet file, the week's query string (starts_at=...&ends_at=..., URL-encoded).
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
require("report").install()

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
