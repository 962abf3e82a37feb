-- wrk prints 50/75/90/99; the targets speak of p95, so ask for it.
done = function(summary, latency, requests)
  io.write(string.format("p50_us %d\np95_us %d\n", latency:percentile(50), latency:percentile(95)))
end
