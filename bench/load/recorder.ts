import { summarize, type Summary } from '../lib/stats';

/** A response the workload expects and does not count as an error: losing a claim race. */
export type Expected = 'claim-race-lost';

export type ErrorRecord = { route: string; status: number; code: string; message: string };

/**
 * Everything the virtual users observe, keyed by route template (never the raw URL, so ids do not
 * split a route into thousands of rows): latencies of every answered request, errors, expected 409s.
 */
export class Recorder {
  private readonly latencies = new Map<string, number[]>();
  private readonly expected = new Map<string, number>();
  readonly errors: ErrorRecord[] = [];
  requests = 0;

  /** Every answered request: when it finished (epoch ms) and how long it took, for the timeline. */
  readonly completions: { at: number; ms: number }[] = [];

  record(route: string, ms: number) {
    this.requests++;
    let list = this.latencies.get(route);
    if (!list) this.latencies.set(route, (list = []));
    list.push(ms);
    this.completions.push({ at: Date.now(), ms });
  }

  expect(route: string, kind: Expected) {
    const key = `${route} ${kind}`;
    this.expected.set(key, (this.expected.get(key) ?? 0) + 1);
  }

  fail(error: ErrorRecord) {
    this.errors.push(error);
  }

  expectedCount(kind: Expected) {
    let n = 0;
    for (const [key, count] of this.expected) if (key.endsWith(` ${kind}`)) n += count;
    return n;
  }

  /** Per route: latency summary and error count, sorted by route. */
  routes(): { route: string; latency: Summary; errors: number }[] {
    const routes = new Set([...this.latencies.keys(), ...this.errors.map((e) => e.route)]);
    return [...routes].sort().map((route) => ({
      route,
      latency: summarize(this.latencies.get(route) ?? []),
      errors: this.errors.filter((e) => e.route === route).length,
    }));
  }

  /** Errors grouped by route, status and code, most frequent first, with one message each. */
  errorGroups() {
    const groups = new Map<string, ErrorRecord & { count: number }>();
    for (const e of this.errors) {
      const key = `${e.route}|${e.status}|${e.code}`;
      const g = groups.get(key);
      if (g) g.count++;
      else groups.set(key, { ...e, count: 1 });
    }
    return [...groups.values()].sort((a, b) => b.count - a.count);
  }
}
