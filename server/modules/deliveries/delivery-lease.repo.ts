import type { Queryable } from '../../db/types';

/**
 * The delivery workers' queries. Leasing runs on the system path (one worker serves every account);
 * everything after it runs inside the row's tenant transaction and checks the lease token, so a
 * worker whose lease ran out (it stalled, and another worker took the row over) changes nothing.
 */

export type LeasedDelivery = { id: string; account_id: string };

export async function leaseDueDeliveries(
  q: Queryable,
  now: Date,
  leaseMs: number,
  token: string,
  limit: number,
) {
  const { rows } = await q.query<LeasedDelivery>(
    `UPDATE deliveries SET leased_until = $2, lease_token = $3
     WHERE id IN (
       SELECT id FROM deliveries
       WHERE status IN ('pending', 'failed') AND next_attempt_at <= $1 AND (leased_until IS NULL OR leased_until <= $1)
       ORDER BY next_attempt_at, created_at, id
       LIMIT $4
       FOR UPDATE SKIP LOCKED)
     RETURNING id, account_id`,
    [now, new Date(now.getTime() + leaseMs), token, limit],
  );
  return rows;
}

/**
 * The heartbeat of a batch in hand (system path: a batch spans accounts). Only rows still under this
 * batch's token and not yet done are renewed: a row taken over by another worker carries its token,
 * and one sent, failed or put off has none. Returns how many rows were renewed.
 */
export async function renewDeliveryLeases(q: Queryable, ids: string[], token: string, until: Date) {
  if (ids.length === 0) return 0;
  const { rowCount } = await q.query(
    `UPDATE deliveries SET leased_until = $3
     WHERE id = ANY($1::uuid[]) AND lease_token = $2 AND status IN ('pending', 'failed') RETURNING id`,
    [ids, token, until],
  );
  return rowCount;
}

/**
 * At the start of the only process an embedded database can have: every lease found belongs to a
 * process that died, so its rows are free now rather than when the lease runs out (system path).
 * Returns how many rows were freed.
 */
export async function releaseAllDeliveryLeases(q: Queryable) {
  const { rowCount } = await q.query(
    `UPDATE deliveries SET leased_until = NULL, lease_token = NULL
     WHERE status IN ('pending', 'failed') AND lease_token IS NOT NULL RETURNING id`,
  );
  return rowCount;
}

export type DeliveryJob = {
  id: string;
  channel: 'email' | 'slack' | 'teams' | 'webhook' | 'psa' | 'push';
  channel_id: string | null;
  /** PSA rows only: which write (the ticket number is the recipient). */
  psa_action: 'note' | 'status' | 'time_entry' | null;
  /** Slack app rows only (channel `slack`, no channel row): post the escalation message, or update it. */
  slack_action: 'post' | 'update' | null;
  recipient: string;
  attempts: number;
  idempotency_key: string;
  event_id: number;
  event_type: string;
  event_payload: Record<string, unknown>;
  event_created_at: Date;
};

/** The rows this worker still holds the lease of and that still need sending. */
export async function loadLeasedDeliveries(tx: Queryable, accountId: string, ids: string[], token: string) {
  const { rows } = await tx.query<DeliveryJob>(
    `SELECT d.id, d.channel, d.channel_id, d.psa_action, d.slack_action, d.recipient, d.attempts, d.idempotency_key,
            e.id AS event_id, e.type AS event_type, e.payload AS event_payload, e.created_at AS event_created_at
     FROM deliveries d JOIN events e ON e.id = d.event_id
     WHERE d.account_id = $1 AND d.id = ANY($2::uuid[]) AND d.lease_token = $3 AND d.status IN ('pending', 'failed')
     ORDER BY d.created_at, d.id`,
    [accountId, ids, token],
  );
  return rows;
}

/**
 * Counts the attempt and renews the lease right before sending: a message that may have left counts,
 * even if the worker dies before recording the outcome. Null when the lease was lost.
 */
export async function startAttempt(
  tx: Queryable,
  accountId: string,
  id: string,
  token: string,
  now: Date,
  leaseMs: number,
) {
  const { rows } = await tx.query<{ attempts: number }>(
    `UPDATE deliveries SET attempts = attempts + 1, leased_until = $4
     WHERE account_id = $1 AND id = $2 AND lease_token = $3 AND status IN ('pending', 'failed') RETURNING attempts`,
    [accountId, id, token, new Date(now.getTime() + leaseMs)],
  );
  return rows[0]?.attempts ?? null;
}

/** Pacing: not now, at `until`; not an attempt. */
export async function deferDelivery(
  tx: Queryable,
  accountId: string,
  id: string,
  token: string,
  until: Date,
) {
  await tx.query(
    `UPDATE deliveries SET next_attempt_at = $4, leased_until = NULL, lease_token = NULL
     WHERE account_id = $1 AND id = $2 AND lease_token = $3`,
    [accountId, id, token, until],
  );
}

/**
 * Recorded whatever the lease says: the message left, so even a worker that lost its lease must not
 * let the row be sent again.
 */
export async function markSent(tx: Queryable, accountId: string, id: string, now: Date) {
  await tx.query(
    `UPDATE deliveries SET status = 'sent', sent_at = $3, last_error = NULL, leased_until = NULL, lease_token = NULL
     WHERE account_id = $1 AND id = $2 AND status <> 'sent'`,
    [accountId, id, now],
  );
}

/** A failed attempt: retried at `retryAt`, or `dead` when there is none left (or it can never work). */
export async function markFailed(
  tx: Queryable,
  accountId: string,
  id: string,
  token: string,
  error: string,
  retryAt: Date | null,
) {
  await tx.query(
    `UPDATE deliveries SET status = $5, last_error = $4, next_attempt_at = COALESCE($6, next_attempt_at), leased_until = NULL, lease_token = NULL
     WHERE account_id = $1 AND id = $2 AND lease_token = $3 AND status <> 'sent'`,
    [accountId, id, token, error.slice(0, 1000), retryAt ? 'failed' : 'dead', retryAt],
  );
}

/**
 * Email recipients are re-checked at send time: someone deactivated meanwhile gets nothing.
 * Returns the active ones among `emails`, lower-cased.
 */
export async function activeMemberEmails(tx: Queryable, accountId: string, emails: string[]) {
  if (emails.length === 0) return new Set<string>();
  const { rows } = await tx.query<{ email: string }>(
    `SELECT lower(email) AS email FROM users WHERE account_id = $1 AND lower(email) = ANY($2::text[]) AND is_active AND deleted_at IS NULL`,
    [accountId, emails.map((e) => e.toLowerCase())],
  );
  return new Set(rows.map((r) => r.email));
}
