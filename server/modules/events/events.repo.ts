import type { HandoffEventType } from '../../../shared/live-events';
import type { Queryable } from '../../db/types';

/**
 * Event types of the durable, ordered log that feeds the live stream (frames in shared/live-events.ts)
 * and the delivery outbox. `session_resolved` is appended on resolve only when PSA writes follow (their
 * deliveries hang off it); it is not streamed.
 */
export type EventType = HandoffEventType | 'notification' | 'session_resolved';

/** The in-process channel on which a committed event reaches this process's event bus (see appendEvent). */
export const COMMITTED_EVENTS_CHANNEL = 'events';

/**
 * Appends an event in the caller's transaction: it exists exactly when the change it reports commits.
 * The row comes back whole, and this process's own stream listeners are handed it the moment the
 * transaction commits (`notifyAfterCommit`), without waiting for NOTIFY and reading it back.
 */
export async function appendEvent(
  tx: Queryable,
  accountId: string,
  type: EventType,
  payload: Record<string, unknown>,
  now: Date,
) {
  const [id] = await appendEvents(tx, accountId, [{ type, payload }], now);
  return id!;
}

/** Several events in one statement (one round trip), in the given order; their ids in that order. */
export async function appendEvents(
  tx: Queryable,
  accountId: string,
  events: { type: EventType; payload: Record<string, unknown> }[],
  now: Date,
): Promise<number[]> {
  if (events.length === 0) return [];
  // A copy as the row holds it (JSON), so this process streams exactly what the others read back.
  const stored = events.map((e) => JSON.stringify(e.payload));
  const { rows } = await tx.query<{ id: number; session_owner_id: string | null }>(
    `INSERT INTO events (account_id, type, payload, created_at)
     SELECT $1, e.type, e.payload, $2 FROM unnest($3::text[], $4::jsonb[]) WITH ORDINALITY AS e(type, payload, ord)
     ORDER BY e.ord
     RETURNING id, (${sessionOwnerOf('events')}) AS session_owner_id`,
    [accountId, now, events.map((e) => e.type), stored],
  );
  // Ids are drawn in insertion order, which is the order given.
  rows.sort((a, b) => Number(a.id) - Number(b.id));
  return rows.map(({ id, session_owner_id }, i) => {
    const event: StreamEvent = {
      id,
      account_id: accountId,
      type: events[i]!.type,
      payload: JSON.parse(stored[i]!) as Record<string, unknown>,
      session_owner_id,
      created_at: now,
    };
    tx.notifyAfterCommit?.(COMMITTED_EVENTS_CHANNEL, event);
    return id;
  });
}

/** One committed event of the log, as the stream sees it. */
export type StreamEvent = {
  id: number;
  account_id: string;
  type: string;
  payload: Record<string, unknown>;
  /** The owner of the session the event is about (the escalator), when it concerns a handoff. */
  session_owner_id: string | null;
  created_at: Date;
};

// The handoff is found by its primary key: comparing `h.id::text` instead made every dispatch scan
// the whole handoffs table (every account's). The guard keeps a malformed id from failing the cast.
// (Migration 0024's NOTIFY trigger finds the owner the same way.)
function sessionOwnerOf(events: string) {
  return `SELECT h.handed_off_by FROM handoffs h WHERE h.account_id = ${events}.account_id AND h.id = CASE
    WHEN ${events}.payload->>'handoff_id' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
    THEN (${events}.payload->>'handoff_id')::uuid END`;
}
const EVENT_SELECT = `
  SELECT e.id, e.account_id, e.type, e.payload, e.created_at, (${sessionOwnerOf('e')}) AS session_owner_id
  FROM events e`;

/** Cross-tenant (system path): the events announced by NOTIFY, read back by id. */
export async function fetchEventsByIds(q: Queryable, ids: number[]) {
  const { rows } = await q.query<StreamEvent>(
    `${EVENT_SELECT} WHERE e.id = ANY($1::bigint[]) ORDER BY e.id`,
    [ids],
  );
  return rows;
}

/** Events of one account after `afterId`, oldest first: what a reconnecting client missed. */
export async function fetchEventsAfter(q: Queryable, accountId: string, afterId: number, limit: number) {
  const { rows } = await q.query<StreamEvent>(
    `${EVENT_SELECT} WHERE e.account_id = $1 AND e.id > $2 ORDER BY e.id LIMIT $3`,
    [accountId, afterId, limit],
  );
  return rows;
}

/** Cross-tenant (system path): the newest event id of the whole log, 0 when it is empty. */
export async function latestEventId(q: Queryable) {
  const { rows } = await q.query<{ id: number | null }>('SELECT max(id) AS id FROM events');
  return rows[0]?.id ?? 0;
}

/** The newest event id of one account, 0 when it has none: where a new stream starts. */
export async function latestAccountEventId(q: Queryable, accountId: string) {
  const { rows } = await q.query<{ id: number | null }>(
    'SELECT max(id) AS id FROM events WHERE account_id = $1',
    [accountId],
  );
  return rows[0]?.id ?? 0;
}

/** How many ids one `eventIdsAfter` call reads at most. */
export const EVENT_ID_PAGE = 1000;

/** Cross-tenant (system path): ids of the events after `afterId`, oldest first, one page at a time. */
export async function eventIdsAfter(q: Queryable, afterId: number) {
  const { rows } = await q.query<{ id: number }>(
    `SELECT id FROM events WHERE id > $1 ORDER BY id LIMIT ${EVENT_ID_PAGE}`,
    [afterId],
  );
  return rows.map((r) => r.id);
}
