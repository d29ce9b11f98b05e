-- Prints one JSON line: requests/s, latency percentiles in ms, errors.
-- Set BODY_FILE to POST a body; the method is POST when it is set.
-- Set PUT_PREFIX as well to PUT the body to PUT_PREFIX .. n for n = 1 to 500 in turn instead
-- (bench/isolation-bench.sh's writers).
local body_file = os.getenv("BODY_FILE")
if body_file and body_file ~= "" then
  local f = assert(io.open(body_file, "r"))
  wrk.method = "POST"
  wrk.body = f:read("*a")
  f:close()
  wrk.headers["Content-Type"] = "application/json"
end

local put_prefix = os.getenv("PUT_PREFIX")
if put_prefix and put_prefix ~= "" then
  local counter = 0
  request = function()
    counter = counter + 1
    return wrk.format("PUT", put_prefix .. (counter % 500 + 1), nil, wrk.body)
  end
end

-- Set WRITE_PREFIX to PUT the body to a new path each time, WRITE_PREFIX .. thread .. "-" .. n
-- (bench/store-bench.sh: every request a new account).
local write_prefix = os.getenv("WRITE_PREFIX")
if write_prefix and write_prefix ~= "" then
  local threads = 0
  setup = function(thread)
    threads = threads + 1
    thread:set("id", threads)
  end
  local counter = 0
  request = function()
    counter = counter + 1
    return wrk.format("PUT", write_prefix .. id .. "-" .. counter, nil, wrk.body)
  end
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
