-- Shared by the wrk scripts of bench/: counts answers by kind in each thread and prints one
-- JSON line (prefixed "BENCH-JSON ") that bench/wrk_runner.py reads. A script calls
-- report.install() for wrk's setup, response and done hooks.
local report = {}
local threads = {}

function report.setup(thread, index)
  thread:set("index", index)
  table.insert(threads, thread)
end

-- Called from each thread's response(): ok (2xx), conflict (409) or other.
function report.count(status)
  if status >= 200 and status < 300 then
    ok = (ok or 0) + 1
  elseif status == 409 then
    conflicts = (conflicts or 0) + 1
  else
    others = (others or 0) + 1
  end
end

function report.done(summary, latency)
  local totals = { ok = 0, conflicts = 0, others = 0 }
  for _, thread in ipairs(threads) do
    for key, _ in pairs(totals) do
      totals[key] = totals[key] + (thread:get(key) or 0)
    end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH-JSON {"requests": %d, "duration_us": %d, "ok": %d, "conflicts": %d, '
      .. '"other_status": %d, "socket_errors": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, totals.ok, totals.conflicts, totals.others,
    e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end

-- Defines the global hooks wrk calls: setup numbers the threads (each script's ``index``),
-- response counts each answer, done prints the line.
function report.install()
  local next_index = 0
  function setup(thread)
    report.setup(thread, next_index)
    next_index = next_index + 1
  end

  function response(status)
    report.count(status)
  end

  function done(summary, latency)
    report.done(summary, latency)
  end
end

return report
