import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../server/db/tenant';
import { createTestApp, testConfig } from '../helpers/app';
import { clientsFor, TestClient } from '../helpers/test-client';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';
import { createTestAccount, TEST_PASSWORD } from '../helpers/factories';
import { httpLogin, listen } from '../helpers/http-server';
import { startSession } from '../helpers/sessions';

describe(`escalation guarantees (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it('50 concurrent claims over real HTTP from two seniors: exactly one winner, one claim in the database', async () => {
    const testApp = createTestApp(t.db);
    const server = await listen(testApp.app);
    try {
      const acct = await createTestAccount(t.db, { tech: 'tech', a: 'engineer', b: 'engineer' });
      const tech = new TestClient(testApp.app);
      await tech.login(acct.users.tech.email);
      const s = await startSession(tech);
      const h = (await tech.post(`/api/v1/sessions/${s.session.id}/handoffs`, { intent: 'escalate' })).body
        .handoff;
      const auth = {
        [acct.users.a.id]: await httpLogin(server.url, acct.users.a.email, TEST_PASSWORD),
        [acct.users.b.id]: await httpLogin(server.url, acct.users.b.email, TEST_PASSWORD),
      };
      const claimers = Array.from({ length: 50 }, (_, i) =>
        i % 2 === 0 ? acct.users.a.id : acct.users.b.id,
      );
      const results = await Promise.all(
        claimers.map(async (userId) => {
          const res = await fetch(`${server.url}/api/v1/handoffs/${h.id}/claim`, {
            method: 'POST',
            headers: auth[userId],
          });
          return { userId, status: res.status, body: (await res.json()) as any };
        }),
      );
      const winners = new Set(
        results.filter((r) => r.status === 200).map((r) => r.body.handoff.claimed_by.id),
      );
      expect(winners.size).toBe(1);
      const [winner] = [...winners];
      for (const r of results) {
        if (r.userId === winner) {
          expect(r.status).toBe(200);
        } else {
          expect(r.status).toBe(409);
          expect(r.body).toMatchObject({ code: 'ALREADY_CLAIMED', claimed_by: { id: winner } });
        }
      }
      const db = await withTenant(t.db, acct.accountId, (tx) =>
        tx.query<{ claimed_by: string; claims: number }>(
          `SELECT h.claimed_by, (SELECT count(*) FROM events e WHERE e.type = 'handoff_claimed' AND e.payload->>'handoff_id' = h.id::text) AS claims
           FROM handoffs h WHERE h.id = $1`,
          [h.id],
        ),
      );
      expect(db.rows).toEqual([{ claimed_by: winner, claims: 1 }]);
      const session = await withTenant(t.db, acct.accountId, (tx) =>
        tx.query<{ escalated_to_id: string }>(`SELECT escalated_to_id FROM sessions WHERE id = $1`, [
          s.session.id,
        ]),
      );
      expect(session.rows[0]!.escalated_to_id).toBe(winner);
    } finally {
      await server.close();
      await testApp.assessments.stop();
    }
  });

  it('a failure after the handoff insert leaves no handoff, notification, event or delivery behind', async () => {
    const testApp = createTestApp(t.db, {
      afterHandoffInsert: () => {
        throw new Error('injected failure inside the escalation transaction');
      },
    });
    const acct = await createTestAccount(t.db, { tech: 'tech', senior: 'engineer' });
    const c = await clientsFor(testApp.app, acct.users);
    const s = await startSession(c.tech);
    const res = await c.tech.post(`/api/v1/sessions/${s.session.id}/handoffs`, {
      intent: 'escalate',
      engineer_notes: 'boom',
    });
    expect(res.status).toBe(500);
    expect(res.body.message).not.toContain('injected');
    const counts = await withTenant(t.db, acct.accountId, (tx) =>
      tx.query<Record<string, number>>(
        `SELECT (SELECT count(*) FROM handoffs) AS handoffs, (SELECT count(*) FROM notifications) AS notifications,
                (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM deliveries) AS deliveries,
                (SELECT count(*) FROM audit_log WHERE action LIKE 'handoff.%') AS audit`,
      ),
    );
    expect(counts.rows[0]).toEqual({ handoffs: 0, notifications: 0, events: 0, deliveries: 0, audit: 0 });
    expect((await c.tech.get(`/api/v1/sessions/${s.session.id}`)).body.session.status).toBe('active');
    await testApp.assessments.stop();
  });

  describe('a hosted provider that hangs', () => {
    let hanging: Server;
    let url = '';
    beforeAll(async () => {
      // Accepts the request and never answers.
      hanging = createServer(() => {});
      await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', () => r()));
      url = `http://127.0.0.1:${(hanging.address() as { port: number }).port}`;
    });
    afterAll(async () => {
      hanging.closeAllConnections();
      await new Promise((r) => hanging.close(r));
    });

    it('the escalation answers at once and the assessment ends as the built-in fallback after the timeout', async () => {
      const config = testConfig({
        AI_PROVIDER: 'anthropic',
        AI_BASE_URL: url,
        AI_MODEL: 'hangs-forever',
        AI_REQUEST_TIMEOUT_MS: '60000',
        ESCALATION_ASSESSMENT_TIMEOUT_MS: '700',
      });
      const hangingApp = createTestApp(t.db, { config });
      // The session itself is started with the built-in engine so only the escalation meets the hang.
      const builtinApp = createTestApp(t.db);
      const acct = await createTestAccount(t.db, { tech: 'tech', senior: 'engineer' });
      const tech = new TestClient(builtinApp.app);
      await tech.login(acct.users.tech.email);
      const s = await startSession(tech);
      const client = new TestClient(hangingApp.app);
      client.cookie = tech.cookie;
      client.csrf = tech.csrf;
      const started = performance.now();
      const res = await client.post(`/api/v1/sessions/${s.session.id}/handoffs`, { intent: 'escalate' });
      const elapsed = performance.now() - started;
      expect(res.status).toBe(201);
      expect(res.body.handoff.assessment_status).toBe('pending');
      expect(elapsed).toBeLessThan(700);
      await hangingApp.assessments.idle();
      const after = await client.get(`/api/v1/handoffs/${res.body.handoff.id}`);
      expect(after.body.handoff.assessment_status).toBe('ready');
      expect(after.body.handoff.assessment).toMatchObject({ provider: 'builtin', fallback: true });
      await hangingApp.assessments.stop();
      await builtinApp.assessments.stop();
    });
  });
});
