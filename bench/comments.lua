-- wrk's script for the public comment bench (bench/operations.py): each request its own client
-- address (X-Forwarded-For, behind the one trusted proxy the bench plays) and its own comment, the
-- statuses counted over all threads. Arguments: path, first number, email domain.

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  path, domain = args[1], args[3]
  first = tonumber(args[2]) + id * 1048576 -- threads never share a number
  count, statuses = 0, {}
end

function request()
  count = count + 1
  local n = first + count
  local a = n % 16777216
  local address = string.format("10.%d.%d.%d", math.floor(a / 65536), math.floor(a / 256) % 256, a % 256)
  local body = string.format(
    '{"name":"Bench commenter %d","email":"commenter-%d@%s","text":"Comment %d: the assessment '
      .. 'understates the emissions of the construction phase.","consent_to_publish":%s}',
    n, n, domain, n, n % 2 == 0 and "true" or "false")
  return wrk.format("POST", path, {
    ["Host"] = "127.0.0.1",
    ["Content-Type"] = "application/json",
    ["X-Forwarded-For"] = address,
  }, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      totals[status] = (totals[status] or 0) + n
    end
  end
  for status, n in pairs(totals) do
    io.write(string.format("status %d %d\n", status, n))
  end
  local e = summary.errors
  io.write(string.format("socket_errors %d\n", e.connect + e.read + e.write + e.timeout))
  io.write(string.format("p50_us %d\np95_us %d\n", latency:percentile(50), latency:percentile(95)))
  io.write(string.format("duration_us %d\n", summary.duration))
end
