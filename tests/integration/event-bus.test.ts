import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';
import { openPostgres } from '../../server/db/postgres';
import { withTenant } from '../../server/db/tenant';
import type { Database } from '../../server/db/types';
import { createTestAccount } from '../helpers/factories';
import { createLogger } from '../../server/lib/logger';
import { appendEvent, fetchEventsByIds, type StreamEvent } from '../../server/modules/events/events.repo';
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

describe('how events reach the bus', () => {
  it('an event committed by this process reaches its subscribers as the transaction commits, and a rolled-back one never does', async () => {
    const { accountId } = await createTestAccount(t.db, { tech: 'tech' });
    // A bus that hears no NOTIFY at all: whatever reaches it came from the commit itself.
    const deaf: Database = { ...t.db, listen: async () => async () => {} };
    const bus = new EventBus(deaf, createLogger('silent'));
    const seen: StreamEvent[] = [];
    bus.subscribe(accountId, (e) => seen.push(e));
    try {
      await within(bus.ensureStarted(), 20_000, 'the event bus start');
      const now = new Date();
      const id = await withTenant(t.db, accountId, async (tx) => {
        const eventId = await appendEvent(tx, accountId, 'notification', { recipient_ids: ['x'], n: 1 }, now);
        expect(seen).toHaveLength(0); // not before the commit
        return eventId;
      });
      // Handed over right after the committing code's own continuation (the next turn of the loop).
      await new Promise((r) => setImmediate(r));
      expect(seen.map((e) => [e.id, e.type, e.payload, e.created_at.getTime()])).toEqual([
        [id, 'notification', { recipient_ids: ['x'], n: 1 }, now.getTime()],
      ]);
      await expect(
        withTenant(t.db, accountId, async (tx) => {
          await appendEvent(tx, accountId, 'notification', { recipient_ids: ['x'], n: 2 }, now);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      await new Promise((r) => setTimeout(r, 300));
      expect(seen.map((e) => e.payload.n)).toEqual([1]);
    } finally {
      await bus.stop();
    }
  });

  it.runIf(onPostgres)(
    "another process's event arrives whole in its NOTIFY and is not read back; an oversized one is",
    async () => {
      const { accountId } = await createTestAccount(t.db, { tech: 'tech' });
      // A second pool on the same database plays the other server process.
      const other = await openPostgres(t.url!, 2);
      const readBacks: unknown[][] = [];
      const watched: Database = {
        ...other,
        query: (sql, params) => {
          if (/FROM events e/.test(sql)) readBacks.push(params ?? []);
          return other.query(sql, params);
        },
      };
      const bus = new EventBus(watched, createLogger('silent'));
      const seen: StreamEvent[] = [];
      bus.subscribe(accountId, (e) => seen.push(e));
      try {
        await within(bus.ensureStarted(), 20_000, 'the event bus start');
        readBacks.length = 0; // the start's look-back over the log is not what is measured
        const now = new Date();
        const small = await withTenant(t.db, accountId, (tx) =>
          appendEvent(tx, accountId, 'notification', { recipient_ids: ['a'] }, now),
        );
        const large = await withTenant(t.db, accountId, (tx) =>
          appendEvent(tx, accountId, 'notification', { recipient_ids: ['b'], text: 'x'.repeat(9000) }, now),
        );
        await within(
          (async () => {
            while (seen.length < 2) await new Promise((r) => setTimeout(r, 20));
          })(),
          10_000,
          'both events arriving',
        );
        expect(seen.map((e) => e.id)).toEqual([small, large]);
        expect(seen[0]!.created_at.getTime()).toBe(now.getTime());
        expect(seen[1]!.payload.text).toHaveLength(9000);
        // Only the oversized event was read back, by its id.
        expect(readBacks).toEqual([[[large]]]);
      } finally {
        await bus.stop();
        await other.close();
      }
    },
  );
});
