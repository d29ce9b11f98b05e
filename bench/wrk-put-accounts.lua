-- Writers for bench/isolation-bench.sh: PUT the account in BODY_FILE under 500 ids in turn,
-- each a SQLite commit with fsync. Prints the same JSON line as wrk-report.lua.
local f = assert(io.open(os.getenv("BODY_FILE"), "r"))
local body = f:read("*a")
f:close()
local counter = 0

request = function()
  counter = counter + 1
  return wrk.format("PUT", "/v1/accounts/writer-" .. (counter % 500), {["Content-Type"] = "application/json"}, body)
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    '{"requests":%d,"seconds":%.3f,"requestsPerSecond":%.0f,"p50Ms":%.3f,"p90Ms":%.3f,"p99Ms":%.3f,"maxMs":%.3f,"errors":%d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, errors))
end
