import { withTenant } from '../../db/tenant';
import { notFound } from '../../lib/app-error';
import type { Ctx } from '../context';
import * as repo from './notifications.repo';

/** The bell: the caller's own notifications only. */
export function listNotifications(ctx: Ctx, limit: number) {
  const { accountId, id } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) => ({
    items: await repo.listForUser(tx, accountId, id, limit),
    unread_count: await repo.unreadCount(tx, accountId, id),
  }));
}

export function markNotificationRead(ctx: Ctx, notificationId: string) {
  const { accountId, id } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) => {
    if (!(await repo.markRead(tx, accountId, id, notificationId, ctx.now))) throw notFound('Notification');
    return repo.unreadCount(tx, accountId, id);
  });
}

export function markAllNotificationsRead(ctx: Ctx) {
  const { accountId, id } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) => {
    await repo.markAllRead(tx, accountId, id, ctx.now);
    return repo.unreadCount(tx, accountId, id);
  });
}
