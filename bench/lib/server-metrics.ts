/**
 * The server's own view of request latency, from its Prometheus histogram at `/metrics`
 * (`http_request_duration_seconds` by method and route). Two scrapes give the requests in between;
 * percentiles come out as the bucket bound they fall under ("≤ 250 ms"), which is what a histogram
 * can tell. Comparing them with the client's figures separates time in the server from time in the
 * network, the load generator and the queue before the server read the request.
 */
export type Histograms = Map<string, { bounds: number[]; counts: number[] }>;

const LINE = /^http_request_duration_seconds_bucket\{method="([^"]+)",route="([^"]+)",le="([^"]+)"\} (\d+)/;

export async function scrapeHistograms(baseUrl: string): Promise<Histograms> {
  // A local server without METRICS_TOKEN answers loopback callers; with one, it wants the bearer token.
  const token = process.env.METRICS_TOKEN;
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const text = await (await fetch(`${baseUrl}/metrics`, { headers })).text();
  const out: Histograms = new Map();
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    const key = `${m[1]} ${m[2]!.replace(/^\/api\/v1/, '').replace(/:([a-z_]+)/g, '{$1}')}`;
    let h = out.get(key);
    if (!h) out.set(key, (h = { bounds: [], counts: [] }));
    h.bounds.push(m[3] === '+Inf' ? Infinity : Number(m[3]) * 1000);
    h.counts.push(Number(m[4]));
  }
  return out;
}

/** Per route, the bucket bounds (ms) under which 50 % and 99 % of the requests between two scrapes fell. */
export function percentilesBetween(
  before: Histograms,
  after: Histograms,
): Map<string, { n: number; p50: number; p99: number }> {
  const out = new Map<string, { n: number; p50: number; p99: number }>();
  for (const [route, h] of after) {
    const prev = before.get(route);
    const counts = h.counts.map((c, i) => c - (prev?.counts[i] ?? 0));
    const n = counts.at(-1) ?? 0;
    if (n === 0) continue;
    const bound = (p: number) => h.bounds[counts.findIndex((c) => c >= Math.ceil((p / 100) * n))] ?? Infinity;
    out.set(route, { n, p50: bound(50), p99: bound(99) });
  }
  return out;
}
