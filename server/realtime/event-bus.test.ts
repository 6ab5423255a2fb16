import { describe, expect, it } from 'vitest';
import type { Database } from '../db/types';
import type { Logger } from '../lib/logger';
import type { StreamEvent } from '../modules/events/events.repo';
import { EventBus } from './event-bus';

const logger = { debug() {}, info() {}, warn() {}, error() {} } as unknown as Logger;

/** A database that hands out what the bus asks for and records every query it gets. */
function fakeDatabase(stored: StreamEvent[]) {
  const queries: string[] = [];
  let committed!: (message: unknown) => void;
  let announce!: (payload: string) => void;
  const db = {
    kind: 'pglite',
    query: async (sql: string, params?: unknown[]) => {
      queries.push(sql);
      if (/max\(id\)/.test(sql)) return { rows: [{ id: 0 }] };
      const ids = (params?.[0] as number[]) ?? [];
      return { rows: stored.filter((e) => ids.includes(e.id)) };
    },
    onCommitted: (_channel: string, listener: (message: unknown) => void) => {
      committed = listener;
      return () => {};
    },
    listen: async (_channel: string, onMessage: (payload: string) => void) => {
      announce = onMessage;
      return async () => {};
    },
  } as unknown as Database;
  return { db, queries, commit: (e: StreamEvent) => committed(e), announce: (p: string) => announce(p) };
}

const event = (id: number, type: string): StreamEvent => ({
  id,
  account_id: 'acct',
  type,
  payload: { recipient_ids: ['u1'] },
  session_owner_id: null,
  created_at: new Date(0),
});
const nextTurn = () => new Promise((r) => setImmediate(r));

/** A started bus over `stored`, with the ids its subscriber got and the queries from here on. */
async function startedBus(stored: StreamEvent[]) {
  const fake = fakeDatabase(stored);
  const bus = new EventBus(fake.db, logger);
  await bus.ensureStarted();
  const got: number[] = [];
  bus.subscribe('acct', (e) => got.push(e.id));
  const before = fake.queries.length;
  return { fake, bus, got, queriesSinceStart: () => fake.queries.slice(before) };
}

describe('event bus', () => {
  it("an event too large for its NOTIFY, announced during this process's own COMMIT, is not read back", async () => {
    const bell = event(1, 'notification');
    const handoff = event(2, 'handoff_created');
    const { fake, bus, got, queriesSinceStart } = await startedBus([bell, handoff]);
    // The embedded database announces during the COMMIT, before the transaction hands its events over.
    fake.announce('1');
    fake.announce('2');
    fake.commit(bell);
    fake.commit(handoff);
    await nextTurn();
    await nextTurn();
    expect(got).toEqual([1, 2]);
    expect(queriesSinceStart()).toEqual([]);
    await bus.stop();
  });

  it('an event announced by id that this process did not commit is read back once, in order', async () => {
    const other = event(3, 'handoff_created');
    const own = event(4, 'handoff_claimed');
    const { fake, bus, got, queriesSinceStart } = await startedBus([other, own]);
    fake.announce('3');
    fake.announce('4');
    fake.commit(own);
    await nextTurn();
    await nextTurn();
    expect(got).toEqual([3, 4]);
    expect(queriesSinceStart()).toHaveLength(1);
    await bus.stop();
  });
});
