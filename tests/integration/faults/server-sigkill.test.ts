import { loadavg } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, onPostgres, type TestDatabase } from '../../helpers/db';
import { reply, startReceiver, type Receiver } from '../../helpers/http-receiver';
import { waitUntil } from '../../helpers/wait-until';
import { TestClient } from '../../helpers/test-client';
import { startServerProcess, type ServerProcess } from '../../helpers/server-process';
import { startSmtpCatcher, type SmtpCatcher } from '../../helpers/smtp-catcher';

const BURST = 100;
const PASSWORD = 'demo-password';
/** The demo account's seniors: every escalation by its tech mails each of them. */
const SENIORS = ['owner@northwind.test', 'senior@northwind.test', 'senior2@northwind.test'];
/** Sends one worker process has in flight at most (DeliveryWorker's default concurrency). */
const SENDS_IN_FLIGHT = 4;

type Outcome = 'created' | 'failed';

/**
 * Fault: the server process is killed with SIGKILL in the middle of a burst of 100 escalations —
 * with requests in flight and an email half-sent — and started again on the same data (the same
 * embedded data folder, or the same PostgreSQL database). Promise (SPEC §5): every committed
 * escalation — each one answered 201, and any other found committed afterwards — is notified on
 * every configured channel (an email to each senior, the webhook) exactly once by idempotency key,
 * and an escalation whose request failed without committing is never notified.
 */
describe(`fault: server killed with SIGKILL during a burst of ${BURST} escalations (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase | undefined;
  let smtp: SmtpCatcher;
  let hook: Receiver;
  let env: Record<string, string>;
  let server: ServerProcess;

  beforeAll(async () => {
    [smtp, hook] = await Promise.all([startSmtpCatcher(), startReceiver(reply.ok)]);
    env = { SMTP_URL: smtp.url, ALLOW_PRIVATE_WEBHOOKS: 'true' };
    if (onPostgres) {
      t = await createTestDatabase({ demo: true }); // the server finds the demo seeded
      Object.assign(env, { DATABASE_URL: t.url!, SEED_DEMO: 'on', DATABASE_POOL_SIZE: '8' });
    }
    server = await startServerProcess(env);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await Promise.all([smtp?.close(), hook?.close()]);
    await t?.drop();
  });

  it('every committed escalation is notified on every channel exactly once; no uncommitted one ever is', async () => {
    const owner = await TestClient.signIn(server.url, 'owner@northwind.test', PASSWORD);
    let tech = await TestClient.signIn(server.url, 'tech@northwind.test', PASSWORD);
    const channel = await owner.post('/api/v1/channels', {
      kind: 'webhook',
      name: 'On-call hook',
      target: hook.url,
      events: ['handoff_created'],
    });
    expect(channel.status).toBe(201);

    const sessionIds: string[] = [];
    await inParallel(BURST, 4, async (i) => {
      const res = await tech.post('/api/v1/sessions', {
        problem: `Shared mailbox ${i} stopped syncing on every laptop since the migration`,
      });
      expect(res.status).toBe(201);
      sessionIds[i] = res.body.session.id;
    });

    // Kill once a third of the burst is answered and a delivery is mid-send: the SMTP server holds
    // the third message unanswered, so the process dies between sending it and hearing back.
    const hold = smtp.holdNext(2);
    const outcomes = new Map<string, Outcome>();
    const answeredSoFar = () => [...outcomes.values()].filter((o) => o === 'created').length;
    let killed = false;
    const killer = (async () => {
      await hold.reached;
      await waitUntil('a third of the burst answered', () => answeredSoFar() >= BURST / 3, 60_000, 5);
      server.child.kill('SIGKILL');
      killed = true;
    })();
    await inParallel(BURST, 8, async (i) => {
      // Past a third, new requests wait for the kill, so it lands in the middle of the burst.
      while (answeredSoFar() >= BURST / 3 && !killed) await new Promise((r) => setTimeout(r, 5));
      const id = sessionIds[i]!;
      try {
        const res = await tech.post(`/api/v1/sessions/${id}/handoffs`, {
          intent: 'escalate',
          engineer_notes: `burst ${i}`,
        });
        outcomes.set(id, res.status === 201 ? 'created' : 'failed');
      } catch {
        outcomes.set(id, 'failed'); // the connection died with the process, or was refused after it
      }
    });
    await killer;
    expect(await server.exited).toMatchObject({ signal: 'SIGKILL' });
    hold.release(false);
    const answered = sessionIds.filter((id) => outcomes.get(id) === 'created');
    expect(answered.length).toBeGreaterThanOrEqual(BURST / 3);
    expect(answered.length).toBeLessThan(BURST);

    const restartedAt = Date.now();
    server = await startServerProcess(env, { port: server.port, dataDir: server.dataDir });
    const readyAfterMs = Date.now() - restartedAt;
    tech = tech.at(server.url);
    // What committed: the session says so, whatever its request's fate was.
    const committed = new Set<string>();
    for (const id of sessionIds) {
      const res = await tech.get(`/api/v1/sessions/${id}`);
      expect(res.status).toBe(200);
      if (res.body.session.status === 'requesting_escalation') committed.add(id);
      else expect(res.body.session.status).toBe('active');
    }
    for (const id of answered)
      expect(
        committed.has(id),
        `escalation of session ${id} was answered 201 but is not in the database`,
      ).toBe(true);
    const uncommitted = sessionIds.filter((id) => !committed.has(id));
    expect(uncommitted.length).toBeGreaterThan(0);

    // Rows the killed process had leased are taken over at start on the embedded database (no other
    // process can hold them), and on PostgreSQL once their short lease, no longer renewed, runs out.
    const mailFor = (id: string) => smtp.messages.filter((m) => m.text.includes(`/sessions/${id}?pickup=1`));
    const hooksFor = (id: string) => hook.requests.filter((r) => r.json?.data?.session_id === id);
    const distinct = <T>(items: T[], key: (x: T) => unknown) => new Set(items.map(key)).size;
    await waitUntil(
      'every committed escalation notified on every channel',
      () =>
        [...committed].every(
          (id) =>
            distinct(mailFor(id), (m) => m.deliveryKey) === SENIORS.length &&
            distinct(hooksFor(id), (r) => r.headers['x-resolutionflow-delivery']) === 1,
        ),
      60_000,
      100,
    );
    // The recovery delay: from the restart to the last notification of a committed escalation.
    const arrivals = [...committed].flatMap((id) =>
      [...mailFor(id), ...hooksFor(id)].map((x) => x.receivedAt),
    );
    const afterRestart = arrivals.filter((at) => at >= restartedAt).sort((a, b) => a - b);
    const recoveryMs = Math.max(...arrivals) - restartedAt;
    // Waiting out a dead process's lease shows as a pause in sending once the backlog is out.
    const readyAt = restartedAt + readyAfterMs;
    const sendingTimes = [readyAt, ...afterRestart.filter((at) => at > readyAt)];
    const longestPauseMs = Math.max(0, ...sendingTimes.slice(1).map((at, i) => at - sendingTimes[i]!));
    // Nothing left to send for them: no row pending, failed or dead in the admin's delivery log.
    const handoffIds = new Set<string>();
    for (const id of committed)
      for (const h of (await tech.get(`/api/v1/sessions/${id}/handoffs`)).body.items) handoffIds.add(h.id);
    expect(handoffIds.size).toBe(committed.size);
    const admin = owner.at(server.url);
    const left = async (status: string) => {
      const log = await admin.get(`/api/v1/deliveries?status=${status}&limit=200`);
      expect(log.status).toBe(200);
      return log.body.items.filter((d: { handoff_id: string }) => handoffIds.has(d.handoff_id));
    };
    // A message sent just before the kill has arrived, but its row is still leased to the dead
    // process: on PostgreSQL it is sent again (same key) once that lease runs out. Wait for that.
    await waitUntil(
      'no delivery of theirs left pending',
      async () => (await left('pending')).length === 0,
      60_000,
      200,
    );
    for (const status of ['pending', 'failed', 'dead'])
      expect(await left(status), `${status} deliveries`).toEqual([]);

    let repeats = 0;
    for (const id of committed) {
      const mail = mailFor(id);
      expect([...new Set(mail.flatMap((m) => m.to))].sort()).toEqual([...SENIORS].sort());
      for (const m of mail) expect(m.to).toHaveLength(1);
      const calls = hooksFor(id);
      repeats +=
        mail.length -
        distinct(mail, (m) => m.deliveryKey) +
        calls.length -
        distinct(calls, (r) => r.headers['x-resolutionflow-delivery']);
    }
    // At least once: only a send in flight at the kill may arrive twice (same key, so receivers drop it).
    expect(repeats).toBeLessThanOrEqual(SENDS_IN_FLIGHT);
    for (const id of uncommitted) {
      expect(mailFor(id), `session ${id} never escalated`).toEqual([]);
      expect(hooksFor(id)).toEqual([]);
    }
    console.info(
      `[fault figures] SIGKILL: ${answered.length} of ${BURST} escalations answered 201 before the kill, ${committed.size} committed, ${uncommitted.length} not; ` +
        `${committed.size * (SENIORS.length + 1)} notifications delivered once each by key, ${repeats} repeated send(s) of a message in flight at the kill; ` +
        `restart: server ready after ${(readyAfterMs / 1000).toFixed(1)} s, ${afterRestart.length} notifications sent after it, ` +
        `the last ${(recoveryMs / 1000).toFixed(1)} s after the restart began, longest pause in sending once ready ${(longestPauseMs / 1000).toFixed(1)} s ` +
        `(load average ${loadavg()[0]!.toFixed(1)})`,
    );
  }, 200_000);
});

/** Runs `fn(0..count-1)` with at most `width` calls at a time. */
async function inParallel(count: number, width: number, fn: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await fn(next++);
    }),
  );
}
