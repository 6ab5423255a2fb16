import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../../server/db/tenant';
import { createTestApp, testConfig, type TestApp } from '../../helpers/app';
import { clientsFor, type TestClient } from '../../helpers/test-client';
import { manualClock } from '../../helpers/clock';
import { createTestDatabase, onPostgres, type TestDatabase } from '../../helpers/db';
import { createTestAccount } from '../../helpers/factories';
import { freePort } from '../../helpers/server-process';
import { startSession } from '../../helpers/sessions';
import { startSmtpCatcher, type SmtpCatcher } from '../../helpers/smtp-catcher';

const TEAM = {
  tech: 'tech',
  tech2: 'tech',
  owner: 'owner',
  admin: 'admin',
  e1: 'engineer',
  e2: 'engineer',
} as const;

/**
 * Fault: the SMTP server is down while escalations pile up, then comes back on the same address.
 * A real SMTP server (stopped, then started again on its port) counts what it acknowledged; retries
 * run under an injected clock, so 30 s and 2 min of backoff cost no real time. Promise: every
 * committed email arrives exactly once, and the delivery log tells the story meanwhile.
 */
describe(`fault: SMTP server down during a burst, then back (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  let port: number;
  const clock = manualClock();
  /** Every catcher started on the port: messages count across the outage. */
  const catchers: SmtpCatcher[] = [];
  let running: SmtpCatcher | null = null;
  const received = () => catchers.flatMap((c) => c.messages);

  const smtpUp = async () => {
    running = await startSmtpCatcher({ port });
    catchers.push(running);
    return running;
  };
  const smtpDown = async () => {
    await running?.close();
    running = null;
  };

  beforeAll(async () => {
    [t, port] = await Promise.all([createTestDatabase(), freePort()]);
  });
  afterEach(smtpDown);
  afterAll(async () => {
    await t.drop();
  });

  /** An app whose delivery worker is kicked by hand under the manual clock. */
  function appWith(concurrency: number) {
    return createTestApp(t.db, {
      config: testConfig({ SMTP_URL: `smtp://127.0.0.1:${port}` }),
      clock: clock.now,
      deliveries: { concurrency, sendTimeoutMs: 2_000 },
    });
  }
  const deliver = async (app: TestApp) => {
    app.deliveries.kick();
    await app.deliveries.idle();
  };

  /** A team whose two techs escalate `count` sessions; returns the outbox rows those escalations committed. */
  async function burst(app: TestApp, count: number) {
    const team = await createTestAccount(t.db, TEAM);
    const c = await clientsFor(app.app, team.users);
    // A shared helpdesk mailbox as an email channel: a second kind of email row in the same burst.
    const mailbox = await c.owner.post('/api/v1/channels', {
      kind: 'email',
      name: 'Helpdesk',
      target: 'helpdesk@example.test',
      events: ['handoff_created'],
    });
    expect(mailbox.status, mailbox.text).toBe(201);
    for (let i = 0; i < count; i++) {
      const tech: TestClient = i % 2 ? c.tech2 : c.tech;
      const s = await startSession(
        tech,
        `Printer on floor ${i} shows error 0x${(4000 + i).toString(16)} after the driver update`,
      );
      const res = await tech.post(`/api/v1/sessions/${s.session.id}/handoffs`, {
        intent: 'escalate',
        engineer_notes: 'stuck',
      });
      expect(res.status, res.text).toBe(201);
    }
    const rows = () =>
      withTenant(t.db, team.accountId, (tx) =>
        tx.query<{
          id: string;
          idempotency_key: string;
          status: string;
          attempts: number;
          last_error: string | null;
        }>(
          `SELECT id, idempotency_key, status, attempts, last_error FROM deliveries WHERE channel = 'email' ORDER BY idempotency_key`,
        ),
      ).then((r) => r.rows);
    // Four seniors each, plus the mailbox, for every escalation.
    expect(await rows()).toHaveLength(count * 5);
    return { c, rows };
  }

  /** Each committed email row reached the server exactly once: no key missing, none twice. */
  function expectEachOnce(keys: string[]) {
    const mine = received().filter((m) => keys.includes(m.deliveryKey));
    expect(mine.map((m) => m.deliveryKey).sort()).toEqual([...keys].sort());
    expect(new Set(mine.map((m) => m.messageId)).size).toBe(keys.length);
  }

  it('down before the burst and for two attempts: once back, every email arrives once at the next retry', async () => {
    const app = appWith(4);
    await smtpUp();
    await smtpDown();
    const { c, rows } = await burst(app, 6);
    const keys = (await rows()).map((r) => r.idempotency_key);

    await deliver(app);
    for (const r of await rows())
      expect(r).toMatchObject({
        status: 'failed',
        attempts: 1,
        last_error: expect.stringMatching(/ECONNREFUSED|connect/i),
      });
    // The admin's delivery log shows the failures with their reason while the outage lasts.
    const log = await c.owner.get('/api/v1/deliveries?status=failed&limit=200');
    expect(log.status).toBe(200);
    expect(log.body.items.filter((d: any) => d.channel === 'email')).toHaveLength(keys.length);
    expect(
      log.body.items.every((d: any) => d.attempts === 1 && /ECONNREFUSED|connect/i.test(d.last_error)),
    ).toBe(true);

    clock.advance(30_000);
    await deliver(app);
    expect((await rows()).every((r) => r.status === 'failed' && r.attempts === 2)).toBe(true);

    await smtpUp();
    clock.advance(120_000 - 1_000);
    await deliver(app);
    expect(received().filter((m) => keys.includes(m.deliveryKey))).toHaveLength(0); // back, but the retry is not due yet
    clock.advance(1_000);
    await deliver(app);
    expectEachOnce(keys);
    expect(
      (await rows()).every((r) => r.status === 'sent' && r.attempts === 3 && r.last_error === null),
    ).toBe(true);

    // Nothing is sent again, however long we wait.
    clock.advance(24 * 3_600_000);
    await deliver(app);
    expectEachOnce(keys);
    await app.deliveries.stop();
    await app.assessments.stop();
  });

  it('goes down in the middle of a burst: what was acknowledged is not resent, the rest arrives once after the outage', async () => {
    // One send at a time, so the message held at the server is the only one in flight when it dies.
    const app = appWith(1);
    const smtp = await smtpUp();
    const { rows } = await burst(app, 4);
    const keys = (await rows()).map((r) => r.idempotency_key);

    const hold = smtp.holdNext(7); // seven messages go through, the eighth is left unanswered
    app.deliveries.kick();
    await hold.reached;
    expect(received().filter((m) => keys.includes(m.deliveryKey))).toHaveLength(7);
    await smtpDown(); // the server dies before acknowledging the eighth
    hold.release(false);
    await app.deliveries.idle();
    const afterOutage = await rows();
    expect(afterOutage.filter((r) => r.status === 'sent')).toHaveLength(7);
    expect(afterOutage.filter((r) => r.status === 'failed' && r.attempts === 1)).toHaveLength(
      keys.length - 7,
    );

    await smtpUp();
    clock.advance(30_000);
    await deliver(app);
    expectEachOnce(keys);
    expect((await rows()).every((r) => r.status === 'sent')).toBe(true);
    clock.advance(3_600_000);
    await deliver(app);
    expectEachOnce(keys);
    await app.deliveries.stop();
    await app.assessments.stop();
  });
});
