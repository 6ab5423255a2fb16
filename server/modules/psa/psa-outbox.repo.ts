import type { Queryable } from '../../db/types';
import { newId } from '../../lib/crypto';
import { appendEvent } from '../events/events.repo';

export type PsaAction = 'note' | 'status' | 'time_entry';

/**
 * The escalation's PSA writes, in the escalation transaction: an internal note with the escalation
 * package, and the status change when an "escalated" status is configured. One statement that
 * inserts nothing when the account has no enabled connection, so accounts without a PSA pay one
 * index lookup.
 */
export async function enqueuePsaEscalation(
  tx: Queryable,
  accountId: string,
  eventId: number,
  ticket: string,
  now: Date,
) {
  await tx.query(
    `INSERT INTO deliveries (id, account_id, event_id, channel, recipient, psa_action, psa_provider, idempotency_key, next_attempt_at, created_at)
     SELECT a.id, c.account_id, $2, 'psa', $3, a.action, c.provider, $5 || a.action, $4, $4
     FROM psa_connections c CROSS JOIN unnest($6::uuid[], $7::text[]) AS a(id, action)
     WHERE c.account_id = $1 AND c.enabled AND (a.action = 'note' OR c.escalated_status IS NOT NULL)
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [accountId, eventId, ticket, now, `${eventId}:psa:`, [newId(), newId()], ['note', 'status']],
  );
}

export type ResolutionForPsa = {
  sessionId: string;
  ticket: string;
  resolvedBy: { id: string; name: string };
  hours: number;
};

/**
 * The resolution's PSA writes, in the resolve transaction: the resolution note, the "resolved" status
 * and the time entry, as configured. They hang off a `session_resolved` event (deliveries belong to
 * an event), appended only when there is something to send.
 */
export async function enqueuePsaResolution(tx: Queryable, accountId: string, r: ResolutionForPsa, now: Date) {
  const { rows } = await tx.query<{
    resolved_status: string | null;
    post_time_entry: boolean;
    provider: string;
  }>(
    `SELECT resolved_status, post_time_entry, provider FROM psa_connections WHERE account_id = $1 AND enabled`,
    [accountId],
  );
  const conn = rows[0];
  if (!conn) return 0;
  const actions: PsaAction[] = ['note'];
  if (conn.resolved_status) actions.push('status');
  if (conn.post_time_entry) actions.push('time_entry');
  const eventId = await appendEvent(
    tx,
    accountId,
    'session_resolved',
    { session_id: r.sessionId, ticket: r.ticket, resolved_by: r.resolvedBy, hours: r.hours },
    now,
  );
  await tx.query(
    `INSERT INTO deliveries (id, account_id, event_id, channel, recipient, psa_action, psa_provider, idempotency_key, next_attempt_at, created_at)
     SELECT a.id, $1, $2, 'psa', $3, a.action, $8, $5 || a.action, $4, $4
     FROM unnest($6::uuid[], $7::text[]) AS a(id, action)
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [
      accountId,
      eventId,
      r.ticket,
      now,
      `${eventId}:psa:`,
      actions.map(() => newId()),
      actions,
      conn.provider,
    ],
  );
  return actions.length;
}

/**
 * Where a status change stands among the status changes of the same ticket: a later one (the
 * resolution after the escalation) makes it obsolete, and an earlier one being sent right now by
 * another worker must land first, so that the ticket ends in the newest status.
 */
export async function statusChangeOrder(
  tx: Queryable,
  accountId: string,
  job: { id: string; recipient: string; event_id: number },
  leaseToken: string,
  now: Date,
) {
  const { rows } = await tx.query<{ superseded: boolean; earlier_in_flight: boolean }>(
    `SELECT
       EXISTS (SELECT 1 FROM deliveries d WHERE d.account_id = $1 AND d.channel = 'psa' AND d.psa_action = 'status'
                 AND d.recipient = $2 AND d.event_id > $3) AS superseded,
       EXISTS (SELECT 1 FROM deliveries d WHERE d.account_id = $1 AND d.channel = 'psa' AND d.psa_action = 'status'
                 AND d.recipient = $2 AND d.event_id < $3 AND d.status IN ('pending', 'failed')
                 AND d.leased_until > $4 AND d.lease_token IS DISTINCT FROM $5::uuid) AS earlier_in_flight`,
    [accountId, job.recipient, job.event_id, now, leaseToken],
  );
  return rows[0]!;
}
