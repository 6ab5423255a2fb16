import type { Queryable } from '../../db/types';
import { appendEvents } from '../events/events.repo';

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
 * message so the recipients' live streams update their bell. Two statements for all recipients.
 * Returns each event with its recipients (further outbox rows, such as web pushes, hang off it).
 */
export async function insertNotifications(
  tx: Queryable,
  accountId: string,
  items: NewNotification[],
  now: Date,
) {
  await insertNotificationRows(tx, accountId, items, now);
  const events = notificationEvents(items);
  const ids = await appendEvents(tx, accountId, events, now);
  return events.map((e, i) => ({ eventId: ids[i]!, recipients: e.payload.recipient_ids }));
}

/** The bell rows alone, one statement for all recipients (see `notificationEvents` for their events). */
export async function insertNotificationRows(
  tx: Queryable,
  accountId: string,
  items: NewNotification[],
  now: Date,
) {
  if (items.length === 0) return;
  await tx.query(
    `INSERT INTO notifications (id, account_id, user_id, event, title, link, handoff_id, created_at)
     SELECT gen_random_uuid(), $1, user_id, event, title, link, handoff_id, $2
     FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::uuid[]) AS n(user_id, event, title, link, handoff_id)`,
    [
      accountId,
      now,
      items.map((n) => n.userId),
      items.map((n) => n.event),
      items.map((n) => n.title),
      items.map((n) => n.link),
      items.map((n) => n.handoffId),
    ],
  );
}

/** The `notification` events for some bell rows: one per distinct message, naming its recipients. */
export function notificationEvents(items: NewNotification[]) {
  const groups = new Map<string, { item: NewNotification; recipients: string[] }>();
  for (const n of items) {
    const key = JSON.stringify([n.event, n.title, n.link, n.handoffId]);
    const g = groups.get(key) ?? { item: n, recipients: [] };
    g.recipients.push(n.userId);
    groups.set(key, g);
  }
  return [...groups.values()].map(({ item, recipients }) => ({
    type: 'notification' as const,
    payload: {
      recipient_ids: recipients,
      event: item.event,
      title: item.title,
      link: item.link,
      handoff_id: item.handoffId,
    },
  }));
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
