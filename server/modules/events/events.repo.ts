import type { Queryable } from '../../db/types';

/** Event types of the durable, ordered log that feeds the live stream and the delivery outbox. */
export type EventType =
  | 'handoff_created'
  | 'handoff_claimed'
  | 'handoff_released'
  | 'handoff_resolved'
  | 'handoff_assessment_ready'
  | 'handoff_escalated'
  | 'notification'
  /** Appended on resolve only when PSA writes follow (their deliveries hang off it); not streamed. */
  | 'session_resolved';

/** Appends an event in the caller's transaction: it exists exactly when the change it reports commits. */
export async function appendEvent(
  tx: Queryable,
  accountId: string,
  type: EventType,
  payload: Record<string, unknown>,
  now: Date,
) {
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO events (account_id, type, payload, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
    [accountId, type, JSON.stringify(payload), now],
  );
  return rows[0]!.id;
}
