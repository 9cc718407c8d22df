-- Shared by random.lua and writes.lua: the JSON line run.py reads at the end of a wrk run,
-- with the cache hits counted by each thread (X-Cocite-Cache: hit) out of its responses, and the
-- redirects to the login page (a session not recognised: wrk counts only 4xx and 5xx as errors;
-- a comment that went through answers with a redirect to itself, which is no error).
local lib = {}

function lib.report(summary, latency, threads)
  local hits, responses, redirects = 0, 0, 0
  for _, thread in ipairs(threads) do
    hits = hits + (thread:get("hits") or 0)
    responses = responses + (thread:get("responses") or 0)
    redirects = redirects + (thread:get("redirects") or 0)
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "errors": %d, "errors_by_kind": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, "status_errors": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "hits": %d, "responses": %d, "login_redirects": %d}\n',
    summary.requests, summary.duration, errors,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout, summary.errors.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), hits, responses, redirects))
end

-- Called from each script's response(): counts into the thread's globals read by lib.report.
function lib.count(status, headers)
  responses = responses + 1
  local location = headers["Location"] or ""
  if status >= 300 and status < 400 and location:find("login", 1, true) then redirects = redirects + 1 end
  if headers["X-Cocite-Cache"] == "hit" then hits = hits + 1 end
end

function lib.lines(path)
  local found = {}
  for line in io.lines(path) do
    if line ~= "" then found[#found + 1] = line end
  end
  return found
end

return lib
