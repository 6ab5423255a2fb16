import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config';
import { openPostgres } from '../../server/db/postgres';
import { withTenant } from '../../server/db/tenant';
import type { Database } from '../../server/db/types';
import { createLogger } from '../../server/lib/logger';
import { EventBus, LOST_NOTIFICATIONS_WARNING } from '../../server/realtime/event-bus';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';
import { createTestAccount, TEST_PASSWORD } from '../helpers/factories';
import { httpLogin } from '../helpers/http-server';
import { pgbouncerBinary, startPgbouncer, type Pgbouncer } from '../helpers/pgbouncer';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';
import { SseClient } from '../helpers/sse-client';

describe('DATABASE_LISTEN_URL configuration', () => {
  it('is refused without DATABASE_URL, saying what it needs', () => {
    expect(() => loadConfig({ DATABASE_LISTEN_URL: 'postgres://u@db:5432/rf' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_LISTEN_URL: 'postgres://u@db:5432/rf' })).toThrow(
      /DATABASE_LISTEN_URL is only used together with DATABASE_URL/,
    );
  });

  it('must be a postgres:// URL', () => {
    expect(() =>
      loadConfig({ DATABASE_URL: 'postgres://u@pooler:6432/rf', DATABASE_LISTEN_URL: 'db:5432' }),
    ).toThrow(/DATABASE_LISTEN_URL: must be a postgres:\/\/ URL/);
  });

  it('is kept next to DATABASE_URL, and absent by default', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://u@pooler:6432/rf',
      DATABASE_LISTEN_URL: 'postgresql://u@db:5432/rf',
    });
    expect(c.databaseUrl).toBe('postgres://u@pooler:6432/rf');
    expect(c.databaseListenUrl).toBe('postgresql://u@db:5432/rf');
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db/rf' }).databaseListenUrl).toBeUndefined();
  });
});

const binary = pgbouncerBinary();
// CI installs pgbouncer (.ci/run): there a missing binary is a broken setup and fails below.
const mustRun = onPostgres && (binary !== undefined || process.env.CI === 'true');

if (onPostgres && !mustRun) {
  describe('behind PgBouncer', () => {
    it.skip('needs the pgbouncer binary (apt-get install pgbouncer); skipped outside CI', () => {});
  });
}

/**
 * The whole server behind PgBouncer in transaction mode, as most managed PostgreSQL offers it: every
 * query through the pooler (2 server connections shared by every client and tenant), only the one
 * LISTEN connection per process direct (DATABASE_LISTEN_URL).
 */
describe.skipIf(!mustRun)(
  'behind PgBouncer in transaction mode (PostgreSQL only: PGlite has no server to pool)',
  () => {
    let t: TestDatabase;
    let bouncer: Pgbouncer;
    let pooledUrl: string;
    let a: ServerProcess;
    let b: ServerProcess;
    let acct: Awaited<ReturnType<typeof createTestAccount<'tech' | 'senior'>>>;
    let other: Awaited<ReturnType<typeof createTestAccount<'tech'>>>;
    const streams: SseClient[] = [];
    const extra: ServerProcess[] = [];

    beforeAll(async () => {
      if (!binary) throw new Error('pgbouncer is not installed: CI must install it (see .ci/run)');
      t = await createTestDatabase();
      bouncer = await startPgbouncer(binary, t.url!, 2);
      pooledUrl = bouncer.pooledUrl(t.url!);
      acct = await createTestAccount(t.db, { tech: 'tech', senior: 'engineer' }, 'Pooled A');
      other = await createTestAccount(t.db, { tech: 'tech' }, 'Pooled B');
      const env = {
        DATABASE_URL: pooledUrl,
        DATABASE_LISTEN_URL: t.url!,
        SEED_DEMO: 'off',
        DATABASE_POOL_SIZE: '4',
      };
      [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
    }, 120_000);
    afterAll(async () => {
      streams.forEach((s) => s.close());
      await Promise.all([a?.stop(), b?.stop(), ...extra.map((p) => p.stop())]);
      await bouncer?.stop();
      await t?.drop();
    });

    async function escalateThrough(p: ServerProcess) {
      const auth = await httpLogin(p.url, acct.users.tech.email, TEST_PASSWORD);
      const headers = { ...auth, 'content-type': 'application/json' };
      const s = await fetch(`${p.url}/api/v1/sessions`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ problem: 'Outlook asks for the password again and again' }),
      });
      expect(s.status).toBe(201);
      const session = ((await s.json()) as any).session;
      const h = await fetch(`${p.url}/api/v1/sessions/${session.id}/handoffs`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ intent: 'escalate' }),
      });
      expect(h.status).toBe(201);
      return { session, handoff: ((await h.json()) as any).handoff };
    }

    async function streamOn(p: ServerProcess) {
      const auth = await httpLogin(p.url, acct.users.senior.email, TEST_PASSWORD);
      const s = await SseClient.connect(`${p.url}/api/v1/stream`, { cookie: auth.cookie });
      streams.push(s);
      await s.waitFor((f) => f.event === 'ready', 15_000);
      return s;
    }

    it('queries really go through the pooler, in transaction mode', async () => {
      const name = new URL(t.url!).pathname.slice(1);
      const pools = await bouncer.admin<{ database: string; pool_mode: string }>('SHOW POOLS');
      expect(pools.find((p) => p.database === name)?.pool_mode).toBe('transaction');
      const stats = await bouncer.admin<{ database: string; total_xact_count: string }>('SHOW STATS');
      expect(Number(stats.find((s) => s.database === name)?.total_xact_count)).toBeGreaterThan(0);
    });

    it('an escalation created through one process reaches a stream client of the other', async () => {
      const s = await streamOn(b);
      const { handoff } = await escalateThrough(a);
      const frame = await s.waitFor(
        (f) => f.event === 'handoff_created' && f.data.handoff_id === handoff.id,
        15_000,
      );
      expect(frame.id).toBeDefined();
      expect(a.output() + b.output()).not.toContain(LOST_NOTIFICATIONS_WARNING);
    });

    it('through the pooler, a second tenant sees none of the first one’s sessions', async () => {
      const { session } = await escalateThrough(a);
      const own = await httpLogin(b.url, acct.users.tech.email, TEST_PASSWORD);
      const mine = (await (await fetch(`${b.url}/api/v1/sessions`, { headers: own })).json()) as any;
      expect(mine.items.map((s: { id: string }) => s.id)).toContain(session.id);

      const stranger = await httpLogin(b.url, other.users.tech.email, TEST_PASSWORD);
      const list = await fetch(`${b.url}/api/v1/sessions?scope=account`, { headers: stranger });
      expect(list.status).toBe(200);
      expect(((await list.json()) as any).items).toEqual([]);
      const one = await fetch(`${b.url}/api/v1/sessions/${session.id}`, { headers: stranger });
      expect(one.status).toBe(404);
    });

    it('tenant settings stay inside their transaction although tenants share server connections', async () => {
      const db = await openPostgres(pooledUrl, 8);
      try {
        // 40 transactions, two tenants interleaved, over the pooler's 2 server connections. The
        // queries leave out any account filter: only row-level security and the transaction-local
        // app.account_id keep the tenants apart. Every third one is the other tenant's: with "every
        // second", a loaded machine can hand the server connections out in lockstep, each to one tenant.
        const runs = await Promise.all(
          Array.from({ length: 40 }, (_, i) => {
            const accountId = i % 3 === 0 ? other.accountId : acct.accountId;
            return withTenant(db, accountId, async (tx) => {
              const { rows } = await tx.query<{ pid: number; setting: string; owners: string[] }>(
                `SELECT pg_backend_pid() AS pid, current_setting('app.account_id') AS setting,
                        (SELECT array_agg(DISTINCT account_id::text) FROM users) AS owners
                   FROM pg_sleep(0.01)`,
              );
              return { accountId, ...rows[0]! };
            });
          }),
        );
        for (const r of runs) {
          expect(r.setting).toBe(r.accountId);
          expect(r.owners).toEqual([r.accountId]);
        }
        const pids = new Set(runs.map((r) => r.pid));
        expect(pids.size).toBeLessThanOrEqual(2);
        const sharedPid = [...pids].some(
          (pid) => new Set(runs.filter((r) => r.pid === pid).map((r) => r.accountId)).size === 2,
        );
        expect(sharedPid).toBe(true);
        // Outside any transaction, on whichever server connection: no tenant, no app role left over.
        const after = await Promise.all(
          Array.from({ length: 8 }, () =>
            db.query<{ setting: string | null; role: string }>(
              `SELECT current_setting('app.account_id', true) AS setting, current_user AS role FROM pg_sleep(0.01)`,
            ),
          ),
        );
        for (const { rows } of after) {
          expect(rows[0]!.setting ?? '').toBe('');
          expect(rows[0]!.role).toBe(new URL(t.url!).username);
        }
      } finally {
        await db.close();
      }
    });

    it('the delivery check hears its notification over a direct listen connection, not through the pooler', async () => {
      const check = async (db: Database, timeoutMs: number) => {
        const bus = new EventBus(db, createLogger('silent'));
        try {
          await bus.ensureStarted();
          return await bus.checkDelivery(timeoutMs);
        } finally {
          await bus.stop();
          await db.close();
        }
      };
      expect(await check(await openPostgres(pooledUrl, 2, t.url!), 10_000)).toBe(true);
      expect(await check(await openPostgres(pooledUrl, 2), 2000)).toBe(false);
    });

    // Deterministic: PgBouncer gives the server connection that ran the LISTEN back to its pool, and
    // forwards what that connection later receives only to a client running a transaction on it at
    // the time, never to the listening client, which sends nothing more.
    it('without DATABASE_LISTEN_URL the process warns at start and hears nothing from the others', async () => {
      const c = await startServerProcess({
        DATABASE_URL: pooledUrl,
        SEED_DEMO: 'off',
        DATABASE_POOL_SIZE: '4',
      });
      extra.push(c);
      const deadline = Date.now() + 30_000;
      while (!c.output().includes(LOST_NOTIFICATIONS_WARNING) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(c.output()).toContain(LOST_NOTIFICATIONS_WARNING);

      const onB = await streamOn(b);
      const onC = await streamOn(c);
      const { handoff } = await escalateThrough(a);
      const match = (f: { event: string; data: any }) =>
        f.event === 'handoff_created' && f.data.handoff_id === handoff.id;
      await onB.waitFor(match, 15_000);
      await expect(onC.waitFor(match, 3000)).rejects.toThrow(/no matching frame/);
    }, 120_000);
  },
);
