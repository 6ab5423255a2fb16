import type { Queryable } from '../../db/types';
import { newId } from '../../lib/crypto';

export type ExternalChannel = { id: string; kind: 'slack' | 'teams' | 'webhook' | 'email' };

export async function enabledChannelsFor(tx: Queryable, accountId: string, eventType: string) {
  const { rows } = await tx.query<ExternalChannel>(
    `SELECT id, kind FROM notification_channels WHERE account_id = $1 AND enabled AND $2 = ANY(events) ORDER BY created_at`,
    [accountId, eventType],
  );
  return rows;
}

/**
 * Outbox rows for one event: an email per recipient, and one message per subscribed channel (chat,
 * webhook, or an email channel such as a shared helpdesk mailbox). Written in the event's
 * transaction, so nothing is sent for a change that rolls back, and the idempotency key makes a
 * second enqueue of the same event a no-op.
 */
export async function enqueueDeliveries(
  tx: Queryable,
  accountId: string,
  eventId: number,
  emails: { userId: string; email: string }[],
  channels: ExternalChannel[],
  now: Date,
) {
  const rows = [
    ...emails.map((e) => ({
      channel: 'email',
      channelId: null as string | null,
      recipient: e.email,
      key: `${eventId}:email:${e.userId}`,
    })),
    ...channels.map((c) => ({
      channel: c.kind,
      channelId: c.id as string | null,
      recipient: c.id,
      key: `${eventId}:${c.kind}:${c.id}`,
    })),
  ];
  if (rows.length === 0) return 0;
  await tx.query(
    `INSERT INTO deliveries (id, account_id, event_id, channel, channel_id, recipient, idempotency_key, next_attempt_at, created_at)
     SELECT id, $1, $2, channel, channel_id, recipient, key, $3, $3
     FROM unnest($4::uuid[], $5::text[], $6::uuid[], $7::text[], $8::text[]) AS d(id, channel, channel_id, recipient, key)
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [
      accountId,
      eventId,
      now,
      rows.map(() => newId()),
      rows.map((r) => r.channel),
      rows.map((r) => r.channelId),
      rows.map((r) => r.recipient),
      rows.map((r) => r.key),
    ],
  );
  return rows.length;
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
export async function enqueueChannelDeliveries(
  tx: Queryable,
  accountId: string,
  eventId: number,
  eventType: string,
  now: Date,
) {
  return enqueueDeliveries(
    tx,
    accountId,
    eventId,
    [],
    await enabledChannelsFor(tx, accountId, eventType),
    now,
  );
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
