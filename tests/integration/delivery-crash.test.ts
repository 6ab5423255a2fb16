import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem, withTenant } from '../../server/db/tenant';
import { DeliveryWorker } from '../../server/jobs/delivery-worker';
import { createLogger } from '../../server/lib/logger';
import { leaseDueDeliveries } from '../../server/modules/deliveries/delivery-lease.repo';
import { createSenders, type DeliverySenders } from '../../server/modules/deliveries/senders';
import { createTestApp, testConfig, type TestApp } from '../helpers/app';
import { clientsFor } from '../helpers/test-client';
import { manualClock } from '../helpers/clock';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';
import { createTestAccount } from '../helpers/factories';
import { startSession } from '../helpers/sessions';
import { startSmtpCatcher, type SmtpCatcher } from '../helpers/smtp-catcher';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const LEASE_MS = 60_000;
const SENIORS = {
  tech: 'tech',
  owner: 'owner',
  admin: 'admin',
  e1: 'engineer',
  e2: 'engineer',
  e3: 'engineer',
  e4: 'engineer',
} as const;

/**
 * Crash safety of the outbox: every committed notification is delivered, and none twice, when a
 * worker dies (or freezes) in the middle of a burst. Messages are counted at a real SMTP server by
 * Message-ID; a message the server never acknowledged does not count, as with any real server.
 */
describe(`deliveries survive a crashed worker (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  let smtp: SmtpCatcher;
  let testApp: TestApp;
  const clock = manualClock();

  beforeAll(async () => {
    [t, smtp] = await Promise.all([createTestDatabase(), startSmtpCatcher()]);
    testApp = createTestApp(t.db, {
      config: testConfig({ SMTP_URL: smtp.url }),
      clock: clock.now,
      deliveries: { leaseMs: LEASE_MS },
    });
  });
  afterAll(async () => {
    await testApp.deliveries.stop();
    await testApp.assessments.stop();
    await smtp.close();
    await t.drop();
  });

  const deliver = async (worker = testApp.deliveries) => {
    worker.kick();
    await worker.idle();
  };

  /** One escalation to six seniors: a burst of six committed emails, nothing sent yet. */
  async function burst() {
    const team = await createTestAccount(t.db, SENIORS);
    const tech = (await clientsFor(testApp.app, { tech: team.users.tech })).tech;
    const s = await startSession(tech);
    expect(
      (await tech.post(`/api/v1/sessions/${s.session.id}/handoffs`, { intent: 'escalate' })).status,
    ).toBe(201);
    const emails = Object.values(team.users)
      .filter((u) => u.role !== 'tech')
      .map((u) => u.email.toLowerCase());
    const rows = () =>
      withTenant(t.db, team.accountId, (tx) =>
        tx.query<{ recipient: string; status: string; attempts: number }>(
          `SELECT recipient, status, attempts FROM deliveries ORDER BY recipient`,
        ),
      ).then((r) => r.rows);
    /** Each recipient got exactly one message, and each Message-ID arrived once. */
    const expectEachDeliveredOnce = async () => {
      const mail = smtp.to(emails);
      expect(mail.flatMap((m) => m.to).sort()).toEqual([...emails].sort());
      expect(new Set(mail.map((m) => m.messageId)).size).toBe(emails.length);
      expect((await rows()).every((r) => r.status === 'sent')).toBe(true);
    };
    return { accountId: team.accountId, emails, rows, expectEachDeliveredOnce };
  }

  it('a worker that leased the burst and died: after its lease runs out another worker sends every message once', async () => {
    const b = await burst();
    // What a worker does right before it crashes: lease the due rows (here: all of them).
    const leased = await asSystem(t.db, 'worker', (q) =>
      leaseDueDeliveries(q, clock.now(), LEASE_MS, randomUUID(), 100),
    );
    expect(leased.length).toBeGreaterThanOrEqual(6);
    await deliver();
    clock.advance(LEASE_MS - 1_000);
    await deliver();
    expect(smtp.to(b.emails)).toHaveLength(0); // the dead worker's lease still protects its rows
    clock.advance(1_000);
    await deliver();
    await b.expectEachDeliveredOnce();
    expect((await b.rows()).every((r) => r.attempts === 1)).toBe(true);
    await deliver();
    expect(smtp.to(b.emails)).toHaveLength(6);
  });

  it('a worker frozen mid-send loses its lease; its late outcome changes nothing and nothing is sent twice', async () => {
    const b = await burst();
    const frozenAt = clock.now();
    let unfreeze!: (outcome: Error) => void;
    let frozen!: () => void;
    const reached = new Promise<void>((r) => (frozen = r));
    const real = createSenders({ config: testApp.config, db: t.db, clock: () => frozenAt });
    let calls = 0;
    const freezing: DeliverySenders = {
      send: (target, msg) => {
        if (++calls !== 3) return real.send(target, msg);
        frozen();
        return new Promise<void>((_, reject) => (unfreeze = reject));
      },
      close: real.close,
    };
    // Its clock stands still: its heartbeat renews the lease to frozenAt + LEASE_MS and no further,
    // as for a process frozen whole (no renewal lands), while the others' time moves on.
    const a = new DeliveryWorker({
      db: t.db,
      config: testApp.config,
      logger: createLogger('silent'),
      clock: () => frozenAt,
      senders: freezing,
      concurrency: 1,
      leaseMs: LEASE_MS,
    });
    a.kick();
    await reached;
    expect(smtp.to(b.emails)).toHaveLength(2);

    clock.advance(LEASE_MS + 1_000);
    await deliver();
    await b.expectEachDeliveredOnce();

    // The frozen worker wakes up: its failure report and the rest of its batch find rows it no longer owns.
    unfreeze(new Error('woke up late'));
    await a.stop();
    await b.expectEachDeliveredOnce();
    const rows = await b.rows();
    expect(rows.filter((r) => r.attempts === 2)).toHaveLength(1); // the frozen attempt counted, then the takeover
    expect(smtp.to(b.emails)).toHaveLength(6);
  });

  it('two workers draining the same burst at once send each message once', async () => {
    const b = await burst();
    const other = new DeliveryWorker({
      db: t.db,
      config: testApp.config,
      logger: createLogger('silent'),
      clock: clock.now,
      batchSize: 2,
      concurrency: 2,
    });
    await Promise.all([deliver(), deliver(other)]);
    await b.expectEachDeliveredOnce();
    await other.stop();
  });

  it('a live worker whose send outlasts its lease keeps its rows: the heartbeat renews them, no other worker sends them', async () => {
    const b = await burst();
    // Both workers run on the real clock here, which the manual clock has run ahead of.
    await withTenant(t.db, b.accountId, (tx) => tx.query(`UPDATE deliveries SET next_attempt_at = now()`));
    const SHORT_LEASE_MS = 1_000;
    const real = createSenders({ config: testApp.config, db: t.db, clock: () => new Date() });
    let slowStarted!: () => void;
    const slowSendStarted = new Promise<void>((r) => (slowStarted = r));
    let calls = 0;
    const slowFirst: DeliverySenders = {
      send: async (target, msg) => {
        if (++calls === 1) {
          slowStarted();
          await sleep(SHORT_LEASE_MS * 4); // a slow SMTP server: four leases long
        }
        return real.send(target, msg);
      },
      close: real.close,
    };
    const sentByOther: (string | null)[] = [];
    const counting: DeliverySenders = {
      send: (target, msg) => {
        sentByOther.push(msg.deliveryId);
        return real.send(target, msg);
      },
      close: () => {},
    };
    const logger = createLogger('silent');
    const slow = new DeliveryWorker({
      db: t.db,
      config: testApp.config,
      logger,
      senders: slowFirst,
      concurrency: 1,
      leaseMs: SHORT_LEASE_MS,
    });
    const other = new DeliveryWorker({
      db: t.db,
      config: testApp.config,
      logger,
      senders: counting,
      leaseMs: SHORT_LEASE_MS,
    });
    slow.kick();
    await slowSendStarted;
    // While the slow send takes four leases (and five more rows wait behind it), the other worker
    // keeps looking for due rows: every one of them is still leased, renewed by the live worker.
    const until = Date.now() + SHORT_LEASE_MS * 3.5;
    while (Date.now() < until) {
      other.kick();
      await other.idle();
      await sleep(100);
    }
    await slow.idle();
    expect(sentByOther).toEqual([]);
    await b.expectEachDeliveredOnce();
    expect((await b.rows()).every((r) => r.attempts === 1)).toBe(true);
    await Promise.all([slow.stop(), other.stop()]);
  });

  it.skipIf(!onPostgres)(
    'a worker process killed with SIGKILL mid-burst: a new worker delivers the rest, none twice',
    async () => {
      const b = await burst();
      // The child runs on the real clock, which the earlier tests' manual clock has run ahead of.
      await withTenant(t.db, b.accountId, (tx) => tx.query(`UPDATE deliveries SET next_attempt_at = now()`));
      const hold = smtp.holdNext(2); // the third message stays unanswered: the process is killed mid-send
      const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/delivery-worker-process.ts'], {
        env: { ...process.env, DATABASE_URL: t.url, SMTP_URL: smtp.url },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on('exit', (_code, signal) => resolve(signal)),
      );
      try {
        const gaveUp = new Promise<never>((_, reject) =>
          setTimeout(
            () => reject(new Error(`the worker process never reached the third message:\n${output}`)),
            30_000,
          ).unref(),
        );
        await Promise.race([hold.reached, gaveUp]);
        expect(smtp.to(b.emails)).toHaveLength(2);
        child.kill('SIGKILL');
        expect(await exited).toBe('SIGKILL');
      } finally {
        child.kill('SIGKILL');
        hold.release(false);
      }
      // The child leased with the real clock; this worker's clock is past that lease.
      const after = createTestApp(t.db, {
        config: testApp.config,
        clock: () => new Date(Date.now() + LEASE_MS + 5_000),
      });
      await deliver(after.deliveries);
      await b.expectEachDeliveredOnce();
      expect((await b.rows()).map((r) => r.attempts).sort()).toEqual([1, 1, 1, 1, 1, 2]);
      await after.deliveries.stop();
      await after.assessments.stop();
    },
    60_000,
  );
});
