import { describe, expect, it } from 'vitest';
import { clientsFor, type TestClient } from '../../helpers/test-client';
import { onPostgres } from '../../helpers/db';
import { createTestAccount } from '../../helpers/factories';
import { reply, type Receiver } from '../../helpers/http-receiver';
import { manualDeliverySuite } from '../../helpers/manual-deliveries';
import { startSession } from '../../helpers/sessions';

const KINDS = ['slack', 'teams', 'webhook'] as const;
const SEND_TIMEOUT_MS = 400;
/** The promised schedule: a retry 30 s, 2 min and 10 min after each failure, then `dead`. */
const RETRY_DELAYS = [30_000, 120_000, 600_000];

const FAILURES = {
  'answering 500': { respond: reply.status(500), error: /^HTTP 500: status 500$/ },
  'timing out': { respond: reply.hang, error: new RegExp(`^timed out after ${SEND_TIMEOUT_MS} ms$`) },
  'closing the connection mid-request': { respond: reply.close, error: /^connection closed/ },
  'closing the connection mid-response': {
    respond: reply.closeMidResponse,
    error: /connection closed|aborted/,
  },
} as const;

type LogItem = {
  id: string;
  channel_id: string | null;
  status: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string | null;
  sent_at: string | null;
};

/**
 * Fault: Slack, Teams and webhook receivers that fail in every way a network can — a 500, no answer
 * at all, a connection closed before or during the answer. Under an injected clock the worker
 * retries after 30 s, 2 min and 10 min, makes the row `dead` after the fourth failure, and the
 * admin's delivery log (GET /api/v1/deliveries) shows every attempt with its reason. Nothing is lost
 * (every attempt reached the receiver) and nothing is sent more than the schedule says.
 */
describe(`fault: chat and webhook receivers failing (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  const suite = manualDeliverySuite(SEND_TIMEOUT_MS);
  const { clock, deliver, receiver } = suite;

  /** One channel of each kind per receiver, an escalation, and a reader of the admin's delivery log. */
  async function escalateTo(targets: { kind: (typeof KINDS)[number]; receiver: Receiver }[]) {
    const team = await createTestAccount(suite.db, { owner: 'owner', tech: 'tech', senior: 'engineer' });
    const c = await clientsFor(suite.app, team.users);
    const channelIds: string[] = [];
    for (const [i, { kind, receiver }] of targets.entries()) {
      const res = await c.owner.post('/api/v1/channels', {
        kind,
        name: `${kind} ${i}`,
        target: receiver.url,
        events: ['handoff_created'],
      });
      expect(res.status, res.text).toBe(201);
      channelIds.push(res.body.channel.id);
    }
    const s = await startSession(c.tech);
    expect(
      (await c.tech.post(`/api/v1/sessions/${s.session.id}/handoffs`, { intent: 'escalate' })).status,
    ).toBe(201);
    const log = async (owner: TestClient = c.owner) => {
      const res = await owner.get('/api/v1/deliveries?limit=200');
      expect(res.status).toBe(200);
      return channelIds.map((id) => (res.body.items as LogItem[]).find((d) => d.channel_id === id)!);
    };
    return { log, channelIds };
  }

  it.each(Object.entries(FAILURES))(
    'receivers %s: retried at 30 s, 2 min, 10 min, then dead, each attempt in the delivery log',
    async (_name, failure) => {
      const targets = await Promise.all(
        KINDS.map(async (kind) => ({ kind, receiver: await receiver(failure.respond) })),
      );
      const { log } = await escalateTo(targets);

      await deliver();
      for (const [attempt, delay] of RETRY_DELAYS.entries()) {
        for (const item of await log()) {
          expect(item).toMatchObject({ status: 'failed', attempts: attempt + 1, sent_at: null });
          expect(item.last_error).toMatch(failure.error);
          expect(new Date(item.next_attempt_at!).getTime()).toBe(clock.now().getTime() + delay);
        }
        targets.forEach(({ receiver: r }) => expect(r.requests).toHaveLength(attempt + 1));
        clock.advance(delay - 1);
        await deliver(); // a millisecond early: nothing goes out
        targets.forEach(({ receiver: r }) => expect(r.requests).toHaveLength(attempt + 1));
        clock.advance(1);
        await deliver();
      }
      for (const item of await log()) {
        expect(item).toMatchObject({ status: 'dead', attempts: 4, next_attempt_at: null, sent_at: null });
        expect(item.last_error).toMatch(failure.error);
      }
      // Dead stays dead: a day later nothing more was sent.
      clock.advance(24 * 3_600_000);
      await deliver();
      for (const { receiver: r } of targets) {
        expect(r.requests).toHaveLength(4);
        // Every attempt carried the row's one idempotency key, so a receiver can drop repeats.
        const keys = new Set(r.requests.map((q) => q.headers['x-resolutionflow-delivery']));
        expect(keys.size).toBe(1);
        expect([...keys][0]).toMatch(/^\d+:(slack|teams|webhook):[0-9a-f-]{36}$/);
      }
      (await log()).forEach((item, i) => expect(item.last_error, KINDS[i]).toMatch(failure.error));
    },
  );

  it('receivers that recover before the last attempt get the message accepted once, and nothing after', async () => {
    // Each receiver fails in its own way twice, then answers 200.
    const modes = [reply.status(500), reply.hang, reply.close];
    const targets = await Promise.all(
      KINDS.map(async (kind, i) => {
        const r = await receiver(reply.ok);
        let calls = 0;
        r.respond = (req, res, body) => (++calls <= 2 ? modes[i]! : reply.ok)(req, res, body);
        return { kind, receiver: r };
      }),
    );
    const { log } = await escalateTo(targets);
    await deliver();
    clock.advance(RETRY_DELAYS[0]!);
    await deliver();
    expect((await log()).map((d) => [d.status, d.attempts])).toEqual(KINDS.map(() => ['failed', 2]));
    clock.advance(RETRY_DELAYS[1]!);
    await deliver();
    for (const item of await log()) {
      expect(item).toMatchObject({ status: 'sent', attempts: 3, last_error: null, next_attempt_at: null });
      expect(new Date(item.sent_at!).getTime()).toBe(clock.now().getTime());
    }
    clock.advance(24 * 3_600_000);
    await deliver();
    for (const { receiver: r } of targets) {
      expect(r.requests).toHaveLength(3);
      expect(new Set(r.requests.map((q) => q.headers['x-resolutionflow-delivery'])).size).toBe(1);
    }
  });
});
