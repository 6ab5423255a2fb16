// Who-is-on-call latency with 50 schedules × 3 layers × a year of overrides (two a week per schedule).
// Three figures, each over random schedules and random moments of the year (wall time, and for the
// first two this process's CPU time too, which a busy machine inflates far less):
//   - resolve:  the pure resolution (layers, restrictions, overrides → who, until, next), data in memory;
//   - on-call:  the GET /schedules/:id/on-call use case: its queries plus the resolution;
//   - paging:   what an escalation level does for a schedule target (who is on call right now).
// Usage: npx tsx bench/on-call/run.ts                 (embedded PGlite in a fresh data folder)
//        DATABASE_URL=postgres://… npx tsx bench/on-call/run.ts   (a fresh database in that cluster)
import { readFileSync } from 'node:fs';
import { withTenant } from '../../server/db/tenant';
import { LOOKAHEAD_DAYS, whoIsOnCall } from '../../server/modules/schedules/on-call';
import { onCallNow } from '../../server/modules/schedules/on-call-now';
import * as repo from '../../server/modules/schedules/schedules.repo';
import { loadResolution, onCall } from '../../server/modules/schedules/schedules.service';
import { summarize } from '../lib/stats';
import { cpuMs, DAY, openOnCallFixture, SCHEDULES } from './fixture';

const RUNS = Number(process.env.RUNS ?? 1000);
const WARMUP = 50;

const t0 = performance.now();
const f = await openOnCallFixture(process.env.DATABASE_URL);
const { db, ids, pick, moment, ctx } = f;
const acct = { accountId: f.accountId };

try {
  console.log(
    `on-call bench (${db.kind}): ${SCHEDULES} schedules × 3 layers, ${SCHEDULES * 104} overrides; database opened, migrated and filled in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  // 1. Pure resolution, data loaded beforehand (one load per schedule and moment, outside the timing).
  const resolveMs: number[] = [];
  const resolveCpuMs: number[] = [];
  for (let i = 0; i < RUNS + WARMUP; i++) {
    const id = pick(ids);
    const at = moment();
    const r = await withTenant(db, acct.accountId, async (tx) =>
      loadResolution(
        tx,
        acct.accountId,
        (await repo.findSchedule(tx, acct.accountId, id))!,
        at,
        new Date(at.getTime() + LOOKAHEAD_DAYS.at(-1)! * DAY),
      ),
    );
    const cpu = process.cpuUsage();
    const started = performance.now();
    whoIsOnCall(r.spec, r.overrides, at, r.eligible);
    if (i >= WARMUP) {
      resolveMs.push(performance.now() - started);
      resolveCpuMs.push(cpuMs(cpu));
    }
  }

  // 2. The on-call use case (what GET /schedules/:id/on-call runs): queries and resolution.
  const useCaseMs: number[] = [];
  const useCaseCpuMs: number[] = [];
  for (let i = 0; i < RUNS + WARMUP; i++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    await onCall(ctx(), pick(ids), moment());
    if (i >= WARMUP) {
      useCaseMs.push(performance.now() - started);
      useCaseCpuMs.push(cpuMs(cpu));
    }
  }

  // 3. Paging: who is on call right now on one schedule, as a policy level resolves it.
  const pagingMs: number[] = [];
  for (let i = 0; i < RUNS + WARMUP; i++) {
    const started = performance.now();
    await withTenant(db, acct.accountId, (tx) =>
      onCallNow(tx, acct.accountId, [pick(ids)], moment(), () => true),
    );
    if (i >= WARMUP) pagingMs.push(performance.now() - started);
  }

  const line = (label: string, xs: number[]) => {
    const s = summarize(xs);
    console.log(
      `  ${label.padEnd(9)} n=${s.n}  p50 ${s.p50.toFixed(2)} ms  p90 ${s.p90.toFixed(2)} ms  p99 ${s.p99.toFixed(2)} ms  max ${s.max.toFixed(2)} ms`,
    );
  };
  line('resolve', resolveMs);
  line('  cpu', resolveCpuMs);
  line('on-call', useCaseMs);
  line('  cpu', useCaseCpuMs);
  line('paging', pagingMs);
  console.log(`  load average: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
} finally {
  await f.close();
}
