import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';
import { createTestAccount, TEST_PASSWORD } from '../helpers/factories';
import { httpLogin } from '../helpers/http-server';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';
import { SseClient } from '../helpers/sse-client';

/** Two real server processes on one PostgreSQL database: events fan out through LISTEN/NOTIFY. */
describe.skipIf(!onPostgres)('several server processes on one PostgreSQL', () => {
  let t: TestDatabase;
  let a: ServerProcess;
  let b: ServerProcess;
  let acct: Awaited<ReturnType<typeof createTestAccount<'tech' | 'senior'>>>;
  const streams: SseClient[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    acct = await createTestAccount(t.db, { tech: 'tech', senior: 'engineer' });
    const env = { DATABASE_URL: t.url!, SEED_DEMO: 'off', DATABASE_POOL_SIZE: '4' };
    [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  }, 120_000);
  afterAll(async () => {
    streams.forEach((s) => s.close());
    await Promise.all([a?.stop(), b?.stop()]);
    await t.drop();
  });

  async function escalateThroughA() {
    const auth = await httpLogin(a.url, acct.users.tech.email, TEST_PASSWORD);
    const headers = { ...auth, 'content-type': 'application/json' };
    const s = await fetch(`${a.url}/api/v1/sessions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ problem: 'VPN error 809 from home' }),
    });
    const session = ((await s.json()) as any).session;
    const h = await fetch(`${a.url}/api/v1/sessions/${session.id}/handoffs`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ intent: 'escalate' }),
    });
    expect(h.status).toBe(201);
    return ((await h.json()) as any).handoff;
  }

  async function streamOnB() {
    const auth = await httpLogin(b.url, acct.users.senior.email, TEST_PASSWORD);
    const s = await SseClient.connect(`${b.url}/api/v1/stream`, { cookie: auth.cookie });
    streams.push(s);
    await s.waitFor((f) => f.event === 'ready');
    return s;
  }

  it('an escalation created through one process reaches a stream client of the other', async () => {
    const s = await streamOnB();
    const h = await escalateThroughA();
    const frame = await s.waitFor((f) => f.event === 'handoff_created' && f.data.handoff_id === h.id);
    expect(frame.id).toBeDefined();
  });

  it('after the listening connections are killed, the listeners reconnect and deliver what was committed meanwhile', async () => {
    const s = await streamOnB();
    const killed = await t.db.query<{ n: number }>(
      `SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN%'`,
    );
    expect(killed.rows[0]!.n).toBeGreaterThanOrEqual(2);
    // Committed while B's listener may still be down: it must arrive live or through the catch-up.
    const h = await escalateThroughA();
    await s.waitFor((f) => f.event === 'handoff_created' && f.data.handoff_id === h.id, 10_000);
    const ready = await fetch(`${b.url}/readyz`);
    expect(ready.status).toBe(200);
  });
});
