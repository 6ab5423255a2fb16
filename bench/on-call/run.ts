// Who-is-on-call latency with 50 schedules × 3 layers × a year of overrides (two a week per schedule).
// Three figures, each over random schedules and random moments of the year (wall time, and for the
// first two this process's CPU time too, which a busy machine inflates far less):
//   - resolve:  the pure resolution (layers, restrictions, overrides → who, until, next), data in memory;
//   - on-call:  the GET /schedules/:id/on-call use case: its queries plus the resolution;
//   - paging:   what an escalation level does for a schedule target (who is on call right now).
// Usage: npx tsx bench/on-call/run.ts                 (embedded PGlite in a fresh data folder)
//        DATABASE_URL=postgres://… npx tsx bench/on-call/run.ts   (a fresh database in that cluster)
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../../server/db/migrate';
import { openPglite } from '../../server/db/pglite';
import { openPostgres } from '../../server/db/postgres';
import { withTenant } from '../../server/db/tenant';
import type { Database } from '../../server/db/types';
import { newId } from '../../server/lib/crypto';
import { createAccount } from '../../server/modules/accounts/accounts.service';
import type { Ctx } from '../../server/modules/context';
import { LOOKAHEAD_DAYS, whoIsOnCall } from '../../server/modules/schedules/on-call';
import { onCallNow } from '../../server/modules/schedules/on-call-now';
import * as repo from '../../server/modules/schedules/schedules.repo';
import { createSchedule, loadResolution, onCall } from '../../server/modules/schedules/schedules.service';
import { createThrowawayDatabase } from '../lib/throwaway-database';
import { summarize } from '../lib/stats';

const SCHEDULES = 50;
const RUNS = Number(process.env.RUNS ?? 1000);
const WARMUP = 50;
const YEAR_START = Date.UTC(2027, 0, 4, 0, 0);
const DAY = 86_400_000;
const ZONES = ['Europe/London', 'America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'UTC'];

const url = process.env.DATABASE_URL;
const throwaway = url ? await createThrowawayDatabase(url, 'rf_oncall') : null;
const db: Database = throwaway
  ? await openPostgres(throwaway.url, 5)
  : await openPglite(mkdtempSync(join(tmpdir(), 'rf-oncall-')));

let seed = 42;
const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
/** CPU time of this process since `since`, in ms: the figure a loaded machine does not inflate. */
const cpuMs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;

try {
  await migrate(db);
  const acct = await createAccount(db, {
    name: 'On-call bench',
    users: Array.from({ length: 12 }, (_, i) => ({
      email: `senior${i}@oncall.bench`,
      name: `Senior ${String(i).padStart(2, '0')}`,
      role: i === 0 ? ('admin' as const) : ('engineer' as const),
      password: 'bench-password-1',
    })),
  });
  const people = acct.users.map((u) => u.id);
  const admin = acct.users[0]!;
  const ctx = (): Ctx => ({
    db,
    now: new Date(YEAR_START),
    actor: { id: admin.id, accountId: acct.accountId, role: 'admin', name: admin.name, email: admin.email },
  });

  const t0 = performance.now();
  const ids: string[] = [];
  for (let s = 0; s < SCHEDULES; s++) {
    const members = (n: number) => Array.from({ length: n }, (_, i) => people[(s + i * 3) % people.length]!);
    const view = await createSchedule(ctx(), {
      name: `Rota ${s}`,
      time_zone: ZONES[s % ZONES.length]!,
      layers: [
        {
          name: 'Nights',
          members: members(4),
          rotation: { start: '2026-12-07T09:00', length_hours: 168 },
          restrictions: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '18:00', end: '08:00' }],
        },
        {
          name: 'Twice weekly',
          members: members(3),
          rotation: {
            start: '2026-12-07T09:00',
            rrule: 'FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=9;BYMINUTE=0;BYSECOND=0',
          },
        },
        { name: 'Daily', members: members(5), rotation: { start: '2026-12-07T08:00', length_hours: 24 } },
      ],
    });
    ids.push(view.schedule.id);
    // A year of overrides: two a week, 4 to 14 hours each.
    await withTenant(db, acct.accountId, async (tx) => {
      for (let w = 0; w < 52; w++) {
        for (const day of [1, 4]) {
          const start = YEAR_START + (w * 7 + day) * DAY + Math.floor(rand() * 24) * 3_600_000;
          await repo.insertOverride(tx, {
            id: newId(),
            accountId: acct.accountId,
            scheduleId: view.schedule.id,
            userId: pick(people),
            start: new Date(start),
            end: new Date(start + (4 + Math.floor(rand() * 10)) * 3_600_000),
            by: admin.id,
            now: new Date(YEAR_START),
          });
        }
      }
    });
  }
  console.log(
    `on-call bench (${db.kind}): ${SCHEDULES} schedules × 3 layers, ${SCHEDULES * 104} overrides; set up in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  const moment = () => new Date(YEAR_START + Math.floor(rand() * 360 * DAY) + Math.floor(rand() * DAY));

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
  await db.close();
  await throwaway?.drop();
}
