-- wrk script: GET the URL given on the command line and print the figures bench/*.py read (latencies in µs).
function done(summary, latency, requests)
  io.write(string.format("RESULT completed=%d duration_us=%d p50_us=%d p95_us=%d p99_us=%d errors_connect=%d " ..
    "errors_read=%d errors_write=%d errors_status=%d errors_timeout=%d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout))
end
