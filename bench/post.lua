-- POST load: each request picks the next (session, target) pair from bench/results/post_plan.lua,
-- so every write comes from a real logged-in person. Threads interleave over the plan.
local plan = dofile(os.getenv("COCITE_POST_PLAN"))
local counter = 0
local thread_id = 0
local threads = 0

setup = function(thread)
  threads = threads + 1
  thread:set("thread_id", threads - 1)
  thread:set("threads_total", 0)
end

init = function(args)
  counter = thread_id
end

request = function()
  local n = #plan.requests
  local item = plan.requests[(counter % n) + 1]
  counter = counter + 2
  local headers = {
    ["Cookie"] = "sessionid=" .. item.session .. "; csrftoken=" .. plan.csrf,
    ["X-CSRFToken"] = plan.csrf,
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["HX-Request"] = "true",
  }
  return wrk.format("POST", item.path, headers, item.body)
end
-- Prints one JSON line with throughput, latency percentiles (ms) and errors at the end of a wrk run.
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "errors": %d, "errors_by_kind": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, "status_errors": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, errors,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout, summary.errors.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
