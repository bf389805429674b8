-- wrk script: prints one machine-readable line at the end of a run:
-- RESULT requests rps p50_ms p95_ms p99_ms errors
-- (errors: connect, read, write and timeout errors and answers >= 400).
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %.1f %.2f %.2f %.2f %d\n", summary.requests,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout + e.status))
end
