/** A small Prometheus text-format registry: request counts and a latency histogram per route. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type Histogram = { buckets: number[]; sum: number; count: number };

export class Metrics {
  private readonly requests = new Map<string, number>();
  private readonly durations = new Map<string, Histogram>();
  private readonly gauges = new Map<string, () => number>();

  observeRequest(method: string, route: string, status: number, seconds: number) {
    const countKey = `method="${method}",route="${escape(route)}",status="${status}"`;
    this.requests.set(countKey, (this.requests.get(countKey) ?? 0) + 1);
    const histKey = `method="${method}",route="${escape(route)}"`;
    let h = this.durations.get(histKey);
    if (!h) this.durations.set(histKey, (h = { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 }));
    BUCKETS.forEach((b, i) => {
      if (seconds <= b) h.buckets[i]! += 1;
    });
    h.sum += seconds;
    h.count += 1;
  }

  /** Registers a gauge read at scrape time (e.g. open stream connections). */
  gauge(name: string, read: () => number) {
    this.gauges.set(name, read);
  }

  render(): string {
    const out: string[] = [
      '# HELP http_requests_total HTTP requests by method, route and status.',
      '# TYPE http_requests_total counter',
    ];
    for (const [labels, n] of this.requests) out.push(`http_requests_total{${labels}} ${n}`);
    out.push('# HELP http_request_duration_seconds HTTP request latency by route.');
    out.push('# TYPE http_request_duration_seconds histogram');
    for (const [labels, h] of this.durations) {
      BUCKETS.forEach((b, i) =>
        out.push(`http_request_duration_seconds_bucket{${labels},le="${b}"} ${h.buckets[i]}`),
      );
      out.push(`http_request_duration_seconds_bucket{${labels},le="+Inf"} ${h.count}`);
      out.push(`http_request_duration_seconds_sum{${labels}} ${h.sum}`);
      out.push(`http_request_duration_seconds_count{${labels}} ${h.count}`);
    }
    for (const [name, read] of this.gauges) {
      out.push(`# TYPE ${name} gauge`, `${name} ${read()}`);
    }
    out.push(
      '# TYPE process_resident_memory_bytes gauge',
      `process_resident_memory_bytes ${process.memoryUsage().rss}`,
    );
    return out.join('\n') + '\n';
  }
}

const escape = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
