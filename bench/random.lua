-- GET load over many objects: each request picks a path from the file COCITE_PATHS (one per
-- line), uniformly, or by Zipf popularity when COCITE_ZIPF=s (line k is the k-th most popular:
-- P(k) ∝ 1/k^s). With COCITE_SESSIONS (a file of session keys), each request is signed in as
-- a random one of them. Counts the responses served from the page cache (X-Cocite-Cache: hit).
local lib = dofile(os.getenv("COCITE_BENCH_DIR") .. "/report_lib.lua")
local threads = {}

setup = function(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

local paths, sessions, cdf
local csrf = os.getenv("COCITE_CSRF") or ""
hits, responses, redirects = 0, 0, 0

init = function(args)
  math.randomseed(os.time() * 1009 + thread_id * 7919)
  paths = lib.lines(os.getenv("COCITE_PATHS"))
  local sessions_file = os.getenv("COCITE_SESSIONS") or ""
  if sessions_file ~= "" then sessions = lib.lines(sessions_file) end
  local s = tonumber(os.getenv("COCITE_ZIPF") or "")
  if s then
    cdf = {}
    local total = 0
    for k = 1, #paths do
      total = total + 1 / k ^ s
      cdf[k] = total
    end
    for k = 1, #paths do cdf[k] = cdf[k] / total end
  end
end

local function pick()
  if not cdf then return math.random(#paths) end
  local u, lo, hi = math.random(), 1, #cdf
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cdf[mid] < u then lo = mid + 1 else hi = mid end
  end
  return lo
end

request = function()
  local headers = {}
  if sessions then
    headers["Cookie"] = "sessionid=" .. sessions[math.random(#sessions)] .. "; csrftoken=" .. csrf
  end
  return wrk.format("GET", paths[pick()], headers)
end

response = function(status, headers, body)
  lib.count(status, headers)
end

done = function(summary, latency, requests)
  lib.report(summary, latency, threads)
end
