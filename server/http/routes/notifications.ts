import { createRoute, z } from '@hono/zod-openapi';
import type { NotificationRow } from '../../modules/notifications/notifications.repo';
import {
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
} from '../../modules/notifications/notifications.service';
import { ctxOf } from '../middleware/auth';
import { commonErrors, cookieAuth, createRouter, IdParam, iso, jsonResponse } from '../openapi';

const tags = ['notifications'];
const Notification = z
  .object({
    id: z.string(),
    event: z.string(),
    title: z.string(),
    link: z.string(),
    handoff_id: z.string().nullable(),
    read_at: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi('Notification');
const Unread = z.object({ unread_count: z.number() });

const present = (n: NotificationRow) => ({
  ...n,
  read_at: iso(n.read_at),
  created_at: n.created_at.toISOString(),
});

const list = createRoute({
  method: 'get',
  path: '/notifications',
  tags,
  security: cookieAuth,
  summary: 'Your bell: latest notifications and the unread count',
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }) },
  responses: {
    200: jsonResponse(z.object({ items: z.array(Notification), unread_count: z.number() }), 'Notifications'),
    ...commonErrors,
  },
});
const read = createRoute({
  method: 'post',
  path: '/notifications/{id}/read',
  tags,
  security: cookieAuth,
  summary: 'Mark one notification read',
  request: { params: IdParam },
  responses: { 200: jsonResponse(Unread, 'Marked read'), ...commonErrors },
});
const readAll = createRoute({
  method: 'post',
  path: '/notifications/read-all',
  tags,
  security: cookieAuth,
  summary: 'Mark all your notifications read',
  responses: { 200: jsonResponse(Unread, 'All read'), ...commonErrors },
});

export const notificationRoutes = createRouter()
  .openapi(list, async (c) => {
    const r = await listNotifications(ctxOf(c), c.req.valid('query').limit);
    return c.json({ items: r.items.map(present), unread_count: r.unread_count }, 200);
  })
  .openapi(readAll, async (c) => c.json({ unread_count: await markAllNotificationsRead(ctxOf(c)) }, 200))
  .openapi(read, async (c) =>
    c.json({ unread_count: await markNotificationRead(ctxOf(c), c.req.valid('param').id) }, 200),
  );
