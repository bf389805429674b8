-- wrk script for the write: the superior records, one request each, the
-- steps the queue listed (ITEMS: a file of "person step date" lines), then
-- stops. Every request is a real approval; none repeats.
local items, n = {}, 0
for line in io.lines(os.getenv("ITEMS")) do
  local p, s, d = line:match("(%d+) (%d+) (%S+)")
  items[#items + 1] = {p, s, d}
end
local done_n = 0
request = function()
  n = n + 1
  if n > #items then -- in flight while the thread stops: a read, not a repeat
    return wrk.format("GET", "/api/v1/me")
  end
  local it = items[n]
  -- wrk.format takes these headers instead of wrk.headers (the token's)
  local headers = {["Content-Type"] = "application/json"}
  for k, v in pairs(wrk.headers) do headers[k] = headers[k] or v end
  return wrk.format("POST", "/api/v1/people/" .. it[1] .. "/development/approvals", headers,
    string.format('{"step":%s,"on":"%s"}', it[2], it[3]))
end
response = function(status, headers, body)
  done_n = done_n + 1
  if done_n >= #items then wrk.thread:stop() end
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %.1f %.2f %.2f %.2f %d\n", summary.requests,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout + e.status))
end
