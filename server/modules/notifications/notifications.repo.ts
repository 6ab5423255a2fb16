import type { Queryable } from '../../db/types';
import { newId } from '../../lib/crypto';

export type NewNotification = { userId: string; event: string; title: string; link: string; handoffId: string | null };

export async function insertNotifications(tx: Queryable, accountId: string, items: NewNotification[], now: Date) {
  for (const n of items) {
    await tx.query(
      `INSERT INTO notifications (id, account_id, user_id, event, title, link, handoff_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [newId(), accountId, n.userId, n.event, n.title, n.link, n.handoffId, now],
    );
  }
}
