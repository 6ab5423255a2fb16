import type { Queryable } from '../../db/types';
import { newId } from '../../lib/crypto';

export type NewNotification = { userId: string; event: string; title: string; link: string; handoffId: string | null };

/** One statement for all recipients: an escalation to many seniors costs one round trip. */
export async function insertNotifications(tx: Queryable, accountId: string, items: NewNotification[], now: Date) {
  if (items.length === 0) return;
  await tx.query(
    `INSERT INTO notifications (id, account_id, user_id, event, title, link, handoff_id, created_at)
     SELECT id, $1, user_id, event, title, link, handoff_id, $2
     FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::uuid[]) AS n(id, user_id, event, title, link, handoff_id)`,
    [
      accountId,
      now,
      items.map(() => newId()),
      items.map((n) => n.userId),
      items.map((n) => n.event),
      items.map((n) => n.title),
      items.map((n) => n.link),
      items.map((n) => n.handoffId),
    ],
  );
}
