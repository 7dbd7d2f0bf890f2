-- wrk script of bench/lab-load.sh, used for every route and both servers.
--
-- POST: when WRK_BODY is set, every request is a POST of that JSON body (/api/show,
-- /api/generate); otherwise wrk's default GET.
-- Result: at the end, one machine-readable line that lab-load.sh turns into its table:
--   RESULT requests=N duration_us=N bytes=N rps=F mean_us=F p50_us=N p90_us=N p99_us=N max_us=N
--          connect=N read=N write=N timeout=N status=N
-- (status counts responses with a status of 400 or more; the rest are socket errors.)
-- WRK_AUTH, when set, is sent as the Authorization header (bench/gateway-load.sh's API key).

local body = os.getenv("WRK_BODY")
if body ~= nil and body ~= "" then
  wrk.method = "POST"
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end

-- WRK_DELAY_MS, when set, makes each connection wait that many milliseconds before each request:
-- a paced load (connections / (delay + response time) requests a second) instead of wrk's
-- as-fast-as-possible one; latency is still measured from each request's send.
local delay_ms = tonumber(os.getenv("WRK_DELAY_MS") or "")
if delay_ms ~= nil and delay_ms > 0 then
  function delay()
    return delay_ms
  end
end

local auth = os.getenv("WRK_AUTH")
if auth ~= nil and auth ~= "" then
  wrk.headers["Authorization"] = auth
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d bytes=%d rps=%.1f mean_us=%.1f p50_us=%d p90_us=%d p99_us=%d"
      .. " max_us=%d connect=%d read=%d write=%d timeout=%d status=%d\n",
    summary.requests, summary.duration, summary.bytes,
    summary.requests / summary.duration * 1e6,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.timeout, e.status))
end
