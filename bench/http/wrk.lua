-- Headers come from the environment (cookie, validators); the summary line is parsed by bench/http/load.py.
local cookie = os.getenv("WRK_COOKIE")
local inm = os.getenv("WRK_IF_NONE_MATCH")
if cookie and cookie ~= "" then wrk.headers["Cookie"] = cookie end
if inm and inm ~= "" then wrk.headers["If-None-Match"] = inm end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRKRESULT requests=%d seconds=%.3f p50_us=%d p95_us=%d errors=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    e.connect + e.read + e.write + e.status + e.timeout))
end
