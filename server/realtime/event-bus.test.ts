import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../tests/helpers/db';
import { createTestAccount } from '../../tests/helpers/factories';
import { createLogger } from '../lib/logger';
import { EventBus, type StreamEvent } from './event-bus';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

/** Resolves with `promise`, or rejects after `ms` naming what never happened (no latency is measured). */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms)))]).finally(
    () => clearTimeout(timer),
  );
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
