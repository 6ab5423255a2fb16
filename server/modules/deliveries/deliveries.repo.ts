import type { Queryable } from '../../db/types';
import { newId } from '../../lib/crypto';

/** The kinds of subscribed channel (rows of `notification_channels`) an event can go out on. */
export type ExternalChannelKind = 'slack' | 'teams' | 'webhook' | 'email';

/**
 * Outbox rows for one event, in one statement: an email per recipient, and one message per channel
 * the account subscribed to this event type (chat, webhook, or an email channel such as a shared
 * helpdesk mailbox), limited to `channelKinds` when given (an escalation policy level names the kinds
 * it uses). The subscriptions are read inside the insert, not in a round trip of their own. Written
 * in the event's transaction, so nothing is sent for a change that rolls back, and the idempotency
 * key makes a second enqueue of the same event a no-op. Returns how many rows were written.
 */
export async function enqueueDeliveries(
  tx: Queryable,
  d: {
    accountId: string;
    eventId: number;
    eventType: string;
    emails: { userId: string; email: string }[];
    /** Which subscribed channel kinds to use; omitted: every kind. */
    channelKinds?: readonly string[];
    now: Date;
  },
) {
  const { rowCount } = await tx.query(
    `INSERT INTO deliveries (id, account_id, event_id, channel, channel_id, recipient, idempotency_key, next_attempt_at, created_at)
     SELECT gen_random_uuid(), $1, $2, d.channel, d.channel_id, d.recipient, d.key, $3, $3 FROM (
       SELECT 'email' AS channel, NULL::uuid AS channel_id, e.email AS recipient, $2::bigint || ':email:' || e.user_id AS key
       FROM unnest($4::uuid[], $5::text[]) AS e(user_id, email)
       UNION ALL
       SELECT c.kind, c.id, c.id::text, $2::bigint || ':' || c.kind || ':' || c.id
       FROM notification_channels c
       WHERE c.account_id = $1 AND c.enabled AND $6 = ANY(c.events) AND ($7::text[] IS NULL OR c.kind = ANY($7::text[]))
     ) d
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [
      d.accountId,
      d.eventId,
      d.now,
      d.emails.map((e) => e.userId),
      d.emails.map((e) => e.email),
      d.eventType,
      d.channelKinds ?? null,
    ],
  );
  return rowCount;
}

export type DeliveryLogRow = {
  id: string;
  channel: 'email' | 'slack' | 'teams' | 'webhook' | 'psa' | 'push';
  psa_action: 'note' | 'status' | 'time_entry' | null;
  /** Which PSA a PSA row was meant for (SPEC §17). */
  psa_provider: 'connectwise' | 'halopsa' | 'autotask' | null;
  /** Slack app rows (no channel row): `post` or `update`; the recipient is the Slack channel. */
  slack_action: 'post' | 'update' | null;
  channel_id: string | null;
  channel_name: string | null;
  target_masked: string | null;
  recipient: string;
  status: 'pending' | 'sent' | 'failed' | 'dead';
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date;
  sent_at: Date | null;
  created_at: Date;
  event_id: number;
  event_type: string;
  handoff_id: string | null;
};

const LOG_SELECT = `
  SELECT d.id, d.channel, d.psa_action, d.psa_provider, d.slack_action, d.channel_id, c.name AS channel_name, c.target_masked, d.recipient, d.status, d.attempts, d.last_error,
         d.next_attempt_at, d.sent_at, d.created_at, d.event_id, e.type AS event_type, e.payload->>'handoff_id' AS handoff_id
  FROM deliveries d
  JOIN events e ON e.id = d.event_id
  LEFT JOIN notification_channels c ON c.id = d.channel_id`;

/** The delivery log, newest first; channel rows carry the masked target, never the URL. */
export async function listDeliveryLog(
  tx: Queryable,
  accountId: string,
  status: string | null,
  limit: number,
) {
  const { rows } = await tx.query<DeliveryLogRow>(
    `${LOG_SELECT} WHERE d.account_id = $1 AND ($2::text IS NULL OR d.status = $2) ORDER BY d.created_at DESC, d.id LIMIT $3`,
    [accountId, status, limit],
  );
  return rows;
}

export async function findDeliveryLogEntry(tx: Queryable, accountId: string, id: string) {
  const { rows } = await tx.query<DeliveryLogRow>(`${LOG_SELECT} WHERE d.account_id = $1 AND d.id = $2`, [
    accountId,
    id,
  ]);
  return rows[0];
}

export async function findDeliveryStatus(tx: Queryable, accountId: string, id: string) {
  const { rows } = await tx.query<{ status: string }>(
    `SELECT status FROM deliveries WHERE account_id = $1 AND id = $2`,
    [accountId, id],
  );
  return rows[0]?.status;
}

/** Manual retry: a failed or dead delivery is due again now, for one more attempt. */
export async function retryDelivery(tx: Queryable, accountId: string, id: string, now: Date) {
  const { rowCount } = await tx.query(
    `UPDATE deliveries SET status = 'pending', next_attempt_at = $3, leased_until = NULL, lease_token = NULL
     WHERE account_id = $1 AND id = $2 AND status IN ('failed', 'dead') RETURNING id`,
    [accountId, id, now],
  );
  return rowCount === 1;
}

/**
 * Chat and webhook messages for an event that has no email recipients of its own (claimed,
 * released, assessment ready): one call after `appendEvent`, in the same transaction.
 */
export function enqueueChannelDeliveries(
  tx: Queryable,
  accountId: string,
  eventId: number,
  eventType: string,
  now: Date,
) {
  return enqueueDeliveries(tx, { accountId, eventId, eventType, emails: [], now });
}

/**
 * Web push rows for one event: one per device (recipient = the subscription id), so each device's
 * outcome is logged and retried on its own. Same transaction and idempotency as `enqueueDeliveries`.
 */
export async function enqueuePushDeliveries(
  tx: Queryable,
  accountId: string,
  eventId: number,
  subscriptionIds: string[],
  now: Date,
) {
  if (subscriptionIds.length === 0) return 0;
  await tx.query(
    `INSERT INTO deliveries (id, account_id, event_id, channel, channel_id, recipient, idempotency_key, next_attempt_at, created_at)
     SELECT id, $1, $2, 'push', NULL, recipient, $3::text || ':push:' || recipient, $4, $4
     FROM unnest($5::uuid[], $6::text[]) AS d(id, recipient)
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [accountId, eventId, String(eventId), now, subscriptionIds.map(() => newId()), subscriptionIds],
  );
  return subscriptionIds.length;
}
