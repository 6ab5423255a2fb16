import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { createTestAccount } from '../helpers/factories';
import { createLogger } from '../../server/lib/logger';
import { fetchEventsByIds, type StreamEvent } from '../../server/modules/events/events.repo';
import { EventBus } from '../../server/realtime/event-bus';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

/** Resolves with `promise`, or rejects after `ms` naming what never happened (no latency is measured). */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>(
      (_, reject) =>
        (timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms)),
    ),
  ]).finally(() => clearTimeout(timer));
}

describe('event bus catch-up', () => {
  it('starts over an event log holding more than one page of events, and replays its look-back window once', async () => {
    const { accountId } = await createTestAccount(t.db, { tech: 'tech' });
    // 2,500 events: the catch-up reads the log in pages of 1,000 and must move past the first page.
    await t.db.query(
      `INSERT INTO events (account_id, type, payload) SELECT $1, 'notification', jsonb_build_object('recipient_ids', '[]'::jsonb, 'n', g)
       FROM generate_series(1, 2500) g`,
      [accountId],
    );
    const bus = new EventBus(t.db, createLogger('silent'));
    const seen: StreamEvent[] = [];
    bus.subscribe(accountId, (e) => seen.push(e));
    try {
      await within(bus.ensureStarted(), 20_000, 'the event bus start');
      expect(bus.connected).toBe(true);
      const ids = seen.map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
      const { rows } = await t.db.query<{ id: number }>('SELECT max(id) AS id FROM events');
      expect(ids.at(-1)).toBe(rows[0]!.id);
      expect(ids.length).toBeLessThanOrEqual(1000);
    } finally {
      await bus.stop();
    }
  });
});

describe('event rows for the stream', () => {
  it('carry the escalator of the handoff they concern, and survive a payload whose handoff id is not a uuid', async () => {
    const { accountId, users } = await createTestAccount(t.db, { tech: 'tech' });
    const sessionId = randomUUID();
    const handoffId = randomUUID();
    await t.db.query(
      `INSERT INTO sessions (id, account_id, user_id, intake, problem_summary, problem_domain) VALUES ($1, $2, $3, '{"problem":"x"}', 'x', 'other')`,
      [sessionId, accountId, users.tech.id],
    );
    await t.db.query(
      `INSERT INTO handoffs (id, account_id, session_id, intent, handed_off_by, priority, snapshot) VALUES ($1, $2, $3, 'escalate', $4, 'p3', '{}')`,
      [handoffId, accountId, sessionId, users.tech.id],
    );
    const { rows } = await t.db.query<{ id: number }>(
      `INSERT INTO events (account_id, type, payload) VALUES ($1, 'handoff_created', $2), ($1, 'handoff_created', '{"handoff_id":"not-a-uuid"}'), ($1, 'notification', '{}')
       RETURNING id`,
      [accountId, JSON.stringify({ handoff_id: handoffId, session_id: sessionId })],
    );
    const events = await fetchEventsByIds(
      t.db,
      rows.map((r) => r.id),
    );
    expect(events.map((e) => e.session_owner_id)).toEqual([users.tech.id, null, null]);
  });
});
