-- wrk reports p50/p75/p90/p99 only; the bench needs p95 too, so print what it needs as one JSON line.
done = function(summary, latency, requests)
  io.write(string.format(
    'BENCH {"p50": %.2f, "p95": %.2f, "p99": %.2f, "rps": %.2f, "requests": %d, "errors": %d, "non2xx": %d}\n',
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6), summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
