// The account and servers of the live-push benchmarks (bench/stream/push.ts, bench/peer-realtime):
// a tech with one open session per trigger and N listening seniors of the same account, on a fresh
// database (a throw-away database in DATABASE_URL's cluster, else an embedded data folder), and the
// compiled server started on it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../../server/db/migrate';
import { openPglite } from '../../server/db/pglite';
import { openPostgres } from '../../server/db/postgres';
import type { Database } from '../../server/db/types';
import { newId } from '../../server/lib/crypto';
import { startServerProcess, type ServerProcess } from '../../tests/helpers/server-process';
import { insertAccount, insertApiTokens } from './population';
import { createThrowawayDatabase } from './throwaway-database';

/**
 * An in-app-only escalation policy for the account and `count` open sessions of its tech (one per
 * trigger). In the app only: outgoing email to every listener would compete with the fan-out for
 * the cores.
 */
export async function seedEscalationFixture(db: Database, accountId: string, techId: string, count: number) {
  await db.query(
    `INSERT INTO escalation_policies (id, account_id, levels, repeat, catch_all, p1_factor, claim_timeout_minutes, updated_by, updated_at)
     VALUES ($1, $2, $3, 0, NULL, 0.5, NULL, $4, now())`,
    [
      newId(),
      accountId,
      JSON.stringify([{ after_minutes: 0, notify: ['owner', 'admin', 'engineer'], channels: ['in_app'] }]),
      techId,
    ],
  );
  const sessions = Array.from({ length: count }, () => newId());
  await db.query(
    `INSERT INTO sessions (id, account_id, user_id, intake, problem_summary, problem_domain)
     SELECT s, $1, $2, '{"problem":"VPN error 809"}', 'VPN error 809 from home', 'network' FROM unnest($3::uuid[]) AS s`,
    [accountId, techId, sessions],
  );
  return sessions;
}

export type PushPopulation = { techToken: string; sessions: string[]; seniorTokens: string[] };

/** One account: a tech with `sessionCount` sessions (one per trigger), `listeners` seniors; in-app notices only. */
export async function populatePush(
  db: Database,
  listeners: number,
  sessionCount: number,
): Promise<PushPopulation> {
  await migrate(db);
  const { accountId, users } = await insertAccount(db, 'Push bench', { tech: 1, engineer: listeners });
  const tokens = await insertApiTokens(db, users);
  const tech = users.find((u) => u.role === 'tech')!;
  const sessions = await seedEscalationFixture(db, accountId, tech.id, sessionCount);
  return {
    techToken: tokens.get(tech.id)!,
    sessions,
    seniorTokens: users.filter((u) => u.role === 'engineer').map((u) => tokens.get(u.id)!),
  };
}

export const PUSH_SERVER_ENV = {
  SEED_DEMO: 'off',
  LOG_LEVEL: 'error',
  // Thousands of listeners in one account: the production stream caps would refuse them.
  STREAM_MAX_PER_ACCOUNT: '100000',
};

export type PushScenario = { pop: PushPopulation; servers: ServerProcess[]; cleanup: () => Promise<void> };

/** A populated database and `processes` compiled servers on it (PostgreSQL when `adminUrl` is given). */
export async function startPushScenario(
  adminUrl: string | undefined,
  listeners: number,
  sessionCount: number,
  processes: number,
): Promise<PushScenario> {
  if (adminUrl) {
    const throwaway = await createThrowawayDatabase(adminUrl, 'rf_push');
    const db = await openPostgres(throwaway.url, 2);
    const pop = await populatePush(db, listeners, sessionCount);
    await db.close();
    const servers: ServerProcess[] = [];
    for (let i = 0; i < processes; i++)
      servers.push(await startServerProcess({ ...PUSH_SERVER_ENV, DATABASE_URL: throwaway.url }));
    return { pop, servers, cleanup: throwaway.drop };
  }
  const dir = mkdtempSync(join(tmpdir(), 'rf-push-'));
  const db = await openPglite(join(dir, 'pglite'));
  const pop = await populatePush(db, listeners, sessionCount);
  await db.close();
  const server = await startServerProcess(PUSH_SERVER_ENV, undefined, dir);
  return { pop, servers: [server], cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
}
