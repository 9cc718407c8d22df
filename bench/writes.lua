-- POST load at a set pace: the threads walk the plan COCITE_POST_PLAN (session, path, body:
-- each entry once) from entry COCITE_PLAN_OFFSET on, and each connection pauses
-- COCITE_DELAY_MS after every answer, so few connections give a steady write rate
-- (wrk has no -R; run.py reports the rate achieved).
local lib = dofile(os.getenv("COCITE_BENCH_DIR") .. "/report_lib.lua")
local plan = dofile(os.getenv("COCITE_POST_PLAN"))
local offset = tonumber(os.getenv("COCITE_PLAN_OFFSET") or "0")
local pause = tonumber(os.getenv("COCITE_DELAY_MS") or "0")
local threads = {}

setup = function(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

hits, responses, redirects = 0, 0, 0
local counter, step

init = function(args)
  counter = offset + thread_id - 1
  step = tonumber(os.getenv("COCITE_THREADS") or "2")
end

request = function()
  local item = plan.requests[(counter % #plan.requests) + 1]
  counter = counter + step
  local headers = {
    ["Cookie"] = "sessionid=" .. item.session .. "; csrftoken=" .. plan.csrf,
    ["X-CSRFToken"] = plan.csrf,
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["HX-Request"] = "true",
  }
  return wrk.format("POST", item.path, headers, item.body)
end

response = function(status, headers, body)
  lib.count(status, headers)
end

delay = function()
  return pause
end

done = function(summary, latency, requests)
  lib.report(summary, latency, threads)
end
