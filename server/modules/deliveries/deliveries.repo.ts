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
 * Outbox rows for one event: an email per recipient, and one message per subscribed chat or webhook
 * channel. Written in the event's transaction, so nothing is sent for a change that rolls back, and
 * the idempotency key makes a second enqueue of the same event a no-op.
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
    ...emails.map((e) => ({ channel: 'email', channelId: null as string | null, recipient: e.email, key: `${eventId}:email:${e.userId}` })),
    ...channels
      .filter((c) => c.kind !== 'email')
      .map((c) => ({ channel: c.kind, channelId: c.id, recipient: c.id, key: `${eventId}:${c.kind}:${c.id}` })),
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
