// Where the time of one GET /schedules/:id/on-call answer goes, phase by phase, to find what makes
// its tail. The database is wrapped so each call is cut into: `begin` (the transaction opened with
// the tenant settings), each query, `js` (everything else inside the transaction: the resolution),
// `commit`; garbage-collection pauses (PerformanceObserver 'gc') are charged to the call they fall in.
// The same calls (schedule and moment) run twice: a tail that is gone the second time was first
// visits (memoised work), one that stays is not.
// Usage: npx tsx bench/on-call/profile.ts   (add DATABASE_URL=… for PostgreSQL; RUNS=…, default 1000)
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { PerformanceObserver } from 'node:perf_hooks';
import type { Database, Queryable } from '../../server/db/types';
import { onCall } from '../../server/modules/schedules/schedules.service';
import { summarize } from '../lib/stats';
import { cpuMs, openOnCallFixture } from './fixture';

const RUNS = Number(process.env.RUNS ?? 1000);
const WARMUP = 50;

type Phases = { begin: number; queries: number[]; commit: number; total: number; gc: number; cpu: number };
let current: Phases | null = null;

/** The same database, timing each phase of the transaction the current call runs. */
function timed(db: Database): Database {
  const timedTx = (tx: Queryable): Queryable => ({
    ...tx,
    async query(sql, params) {
      const t = performance.now();
      try {
        return await tx.query(sql, params);
      } finally {
        current?.queries.push(performance.now() - t);
      }
    },
  });
  return {
    ...db,
    async transaction(fn, prelude) {
      const t0 = performance.now();
      let t1 = t0;
      let t2 = t0;
      const result = await db.transaction(async (tx) => {
        t1 = performance.now();
        try {
          return await fn(timedTx(tx));
        } finally {
          t2 = performance.now();
        }
      }, prelude);
      if (current) {
        current.begin = t1 - t0;
        current.commit = performance.now() - t2;
      }
      return result;
    },
  };
}

/** CPU_PROFILE=file.cpuprofile: a V8 CPU profile of the two passes only (not the set-up). */
async function startProfile() {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  return async () => (await session.post('Profiler.stop')).profile;
}

/** HEAP_PROFILE=file.heapprofile: where the two passes allocate (sampled, garbage included). */
async function startHeapSampling() {
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  return async () => (await session.post('HeapProfiler.stopSampling')).profile;
}

const gcs: { start: number; end: number }[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcs.push({ start: e.startTime, end: e.startTime + e.duration });
}).observe({ entryTypes: ['gc'] });

const f = await openOnCallFixture(process.env.DATABASE_URL);
try {
  const db = timed(f.db);
  const ctx = () => ({ ...f.ctx(), db });
  const calls = Array.from({ length: RUNS + WARMUP }, () => ({ id: f.pick(f.ids), at: f.moment() }));

  const pass = async (label: string) => {
    const out: Phases[] = [];
    const spans: [number, number][] = [];
    for (const [i, c] of calls.entries()) {
      const p: Phases = { begin: 0, queries: [], commit: 0, total: 0, gc: 0, cpu: 0 };
      current = p;
      const cpu = process.cpuUsage();
      const t = performance.now();
      await onCall(ctx(), c.id, c.at);
      const end = performance.now();
      p.total = end - t;
      p.cpu = cpuMs(cpu);
      current = null;
      if (i >= WARMUP) out.push(p);
      spans.push([t, end]);
    }
    // GC entries reach the observer later, in batches: charge them once the pass is over.
    await new Promise((r) => setTimeout(r, 50));
    for (const [k, p] of out.entries()) {
      const [t, end] = spans[k + WARMUP]!;
      p.gc = gcs
        .filter((g) => g.end > t && g.start < end)
        .reduce((a, g) => a + Math.min(g.end, end) - Math.max(g.start, t), 0);
    }
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const rows: [string, number[]][] = [
      ['total', out.map((p) => p.total)],
      ['cpu', out.map((p) => p.cpu)],
      ['begin', out.map((p) => p.begin)],
      ['query 1', out.map((p) => p.queries[0] ?? 0)],
      ['query 2', out.map((p) => p.queries[1] ?? 0)],
      ['more q', out.map((p) => sum(p.queries.slice(2)))],
      ['js', out.map((p) => p.total - p.begin - p.commit - sum(p.queries))],
      ['commit', out.map((p) => p.commit)],
      ['gc', out.map((p) => p.gc)],
    ];
    console.log(`${label} (${f.db.kind}), ms:`);
    for (const [name, xs] of rows) {
      const s = summarize(xs);
      console.log(
        `  ${name.padEnd(8)} p50 ${s.p50.toFixed(2)}  p90 ${s.p90.toFixed(2)}  p99 ${s.p99.toFixed(2)}  max ${s.max.toFixed(2)}  mean ${s.mean.toFixed(3)}`,
      );
    }
    // The slowest 1 %: what their time was spent on, on average.
    const slow = [...out]
      .sort((a, b) => b.total - a.total)
      .slice(0, Math.max(1, Math.floor(out.length / 100)));
    const avg = (g: (p: Phases) => number) => (sum(slow.map(g)) / slow.length).toFixed(2);
    console.log(
      `  slowest 1 %: total ${avg((p) => p.total)}, cpu ${avg((p) => p.cpu)}, begin ${avg((p) => p.begin)}, queries ${avg((p) => sum(p.queries))} (${avg((p) => p.queries.length)} of them), commit ${avg((p) => p.commit)}, gc ${avg((p) => p.gc)}`,
    );
    const withGc = slow.filter((p) => p.gc > 0).length;
    const slowJs = slow.filter((p) => p.total - p.begin - p.commit - sum(p.queries) > 1).length;
    const waited = slow.filter((p) => p.total - p.cpu > p.total / 2).length;
    console.log(
      `  of those ${slow.length}: ${withGc} overlapped a GC pause, ${slowJs} spent over 1 ms in the resolution, ${waited} spent over half their wall time off the CPU (waiting to be scheduled)`,
    );
    // By CPU time too: on a loaded machine the wall-time tail is mostly waiting for a core.
    const byCpu = [...out].sort((a, b) => b.cpu - a.cpu).slice(0, slow.length);
    console.log(
      `  slowest 1 % by CPU: cpu ${(sum(byCpu.map((p) => p.cpu)) / byCpu.length).toFixed(2)}; ${byCpu.filter((p) => p.gc > 0).length} overlapped a GC pause, ${byCpu.filter((p) => p.total - p.begin - p.commit - sum(p.queries) > 1).length} spent over 1 ms in the resolution`,
    );
    const more = out.filter((p) => p.queries.length > 2).length;
    console.log(`  calls that widened the lookahead: ${more} of ${out.length}`);
  };
  const profiler = process.env.CPU_PROFILE ? await startProfile() : null;
  const sampler = process.env.HEAP_PROFILE ? await startHeapSampling() : null;
  await pass('first pass');
  await pass('same calls again');
  if (profiler) writeFileSync(process.env.CPU_PROFILE!, JSON.stringify(await profiler()));
  if (sampler) writeFileSync(process.env.HEAP_PROFILE!, JSON.stringify(await sampler()));
  console.log(
    `  gc pauses seen: ${gcs.length}, ${gcs.reduce((a, g) => a + g.end - g.start, 0).toFixed(1)} ms in all`,
  );
  console.log(`  load average: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
} finally {
  await f.close();
}
