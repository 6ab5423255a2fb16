import type { Queryable } from '../../db/types';
import { newId } from '../../lib/crypto';
import { appendEvent } from '../events/events.repo';

export type NewNotification = {
  userId: string;
  event: string;
  title: string;
  link: string;
  handoffId: string | null;
};

export type NotificationRow = {
  id: string;
  event: string;
  title: string;
  link: string;
  handoff_id: string | null;
  read_at: Date | null;
  created_at: Date;
};

/**
 * Writes bell notifications and, in the same transaction, one `notification` event per distinct
 * message so the recipients' live streams update their bell. One statement for all recipients.
 * Returns each event with its recipients (further outbox rows, such as web pushes, hang off it).
 */
export async function insertNotifications(
  tx: Queryable,
  accountId: string,
  items: NewNotification[],
  now: Date,
) {
  const events: { eventId: number; recipients: string[] }[] = [];
  if (items.length === 0) return events;
  const ids = items.map(() => newId());
  await tx.query(
    `INSERT INTO notifications (id, account_id, user_id, event, title, link, handoff_id, created_at)
     SELECT id, $1, user_id, event, title, link, handoff_id, $2
     FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::uuid[]) AS n(id, user_id, event, title, link, handoff_id)`,
    [
      accountId,
      now,
      ids,
      items.map((n) => n.userId),
      items.map((n) => n.event),
      items.map((n) => n.title),
      items.map((n) => n.link),
      items.map((n) => n.handoffId),
    ],
  );
  const groups = new Map<string, { item: NewNotification; recipients: string[]; ids: string[] }>();
  items.forEach((n, i) => {
    const key = JSON.stringify([n.event, n.title, n.link, n.handoffId]);
    const g = groups.get(key) ?? { item: n, recipients: [], ids: [] };
    g.recipients.push(n.userId);
    g.ids.push(ids[i]!);
    groups.set(key, g);
  });
  for (const { item, recipients } of groups.values()) {
    const eventId = await appendEvent(
      tx,
      accountId,
      'notification',
      {
        recipient_ids: recipients,
        event: item.event,
        title: item.title,
        link: item.link,
        handoff_id: item.handoffId,
      },
      now,
    );
    events.push({ eventId, recipients });
  }
  return events;
}

export async function listForUser(tx: Queryable, accountId: string, userId: string, limit: number) {
  const { rows } = await tx.query<NotificationRow>(
    `SELECT id, event, title, link, handoff_id, read_at, created_at FROM notifications
     WHERE account_id = $1 AND user_id = $2 ORDER BY created_at DESC, id LIMIT $3`,
    [accountId, userId, limit],
  );
  return rows;
}

export async function unreadCount(tx: Queryable, accountId: string, userId: string) {
  const { rows } = await tx.query<{ n: number }>(
    `SELECT count(*) AS n FROM notifications WHERE account_id = $1 AND user_id = $2 AND read_at IS NULL`,
    [accountId, userId],
  );
  return rows[0]?.n ?? 0;
}

export async function markRead(tx: Queryable, accountId: string, userId: string, id: string, now: Date) {
  const { rows } = await tx.query<{ id: string }>(
    `UPDATE notifications SET read_at = COALESCE(read_at, $4) WHERE account_id = $1 AND user_id = $2 AND id = $3 RETURNING id`,
    [accountId, userId, id, now],
  );
  return rows.length === 1;
}

export async function markAllRead(tx: Queryable, accountId: string, userId: string, now: Date) {
  const { rowCount } = await tx.query(
    `UPDATE notifications SET read_at = $3 WHERE account_id = $1 AND user_id = $2 AND read_at IS NULL`,
    [accountId, userId, now],
  );
  return rowCount;
}
