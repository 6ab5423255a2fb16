/**
 * The on-call benchmarks' data: 50 schedules × 3 layers (weekly nights restricted to weekdays
 * 18:00–08:00, a Monday/Thursday RRULE, daily) in five time zones, and a year of overrides (two a
 * week per schedule, 4 to 14 hours each). Shared by `run.ts` (the figures), `profile.ts` (where the
 * time of one answer goes) and `compare.ts` (two versions of the use case call by call).
 */
import { mkdtempSync } from 'node:fs';
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
import * as repo from '../../server/modules/schedules/schedules.repo';
import { createSchedule } from '../../server/modules/schedules/schedules.service';
import { createThrowawayDatabase } from '../lib/throwaway-database';

export const SCHEDULES = 50;
export const YEAR_START = Date.UTC(2027, 0, 4, 0, 0);
export const DAY = 86_400_000;
const ZONES = ['Europe/London', 'America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'UTC'];

export type OnCallFixture = {
  db: Database;
  /** The throw-away PostgreSQL database's URL; undefined on PGlite. */
  url?: string;
  accountId: string;
  /** The schedules' ids, in creation order. */
  ids: string[];
  /** An admin's context at the start of the year of overrides. */
  ctx: () => Ctx;
  /** Deterministic pseudo-random numbers in [0, 1) (the same sequence on every run). */
  rand: () => number;
  /** A random moment of the year of overrides. */
  moment: () => Date;
  pick: <T>(xs: readonly T[]) => T;
  close: () => Promise<void>;
};

/** Opens a fresh database (PGlite in a new data folder, or a throw-away one at `url`) and fills it. */
export async function openOnCallFixture(url?: string): Promise<OnCallFixture> {
  const throwaway = url ? await createThrowawayDatabase(url, 'rf_oncall') : null;
  const db: Database = throwaway
    ? await openPostgres(throwaway.url, 5)
    : await openPglite(mkdtempSync(join(tmpdir(), 'rf-oncall-')));
  const close = async () => {
    await db.close();
    await throwaway?.drop();
  };
  let seed = 42;
  const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
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
    const ids: string[] = [];
    for (let s = 0; s < SCHEDULES; s++) {
      const members = (n: number) =>
        Array.from({ length: n }, (_, i) => people[(s + i * 3) % people.length]!);
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
    const moment = () => new Date(YEAR_START + Math.floor(rand() * 360 * DAY) + Math.floor(rand() * DAY));
    return { db, url: throwaway?.url, accountId: acct.accountId, ids, ctx, rand, moment, pick, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** CPU time of this process since `since`, in ms: the figure a loaded machine inflates far less. */
export const cpuMs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};
