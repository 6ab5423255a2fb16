import { createRoute, z } from '@hono/zod-openapi';
import type { PushSubscriptionRow } from '../../modules/push/push.repo';
import { PushDevice, PushSettings, PushSubscribeBody } from '../../modules/push/push.schemas';
import {
  listDevices,
  pushSettings,
  savePushSettings,
  subscribe,
  unsubscribe,
  vapidPublicKey,
} from '../../modules/push/push.service';
import { ctxOf } from '../middleware/auth';
import { commonErrors, cookieAuth, createRouter, IdParam, iso, jsonBody, jsonResponse } from '../openapi';

/** Web push to members' devices (SPEC §15): the public key, one's devices, one's quiet hours. */
const tags = ['push'];

const present = (s: PushSubscriptionRow) => ({
  id: s.id,
  endpoint: s.endpoint,
  label: s.label,
  created_at: s.created_at.toISOString(),
  last_sent_at: iso(s.last_sent_at),
});

const keyRoute = createRoute({
  method: 'get',
  path: '/push/vapid-public-key',
  tags,
  security: cookieAuth,
  summary: 'The installation’s VAPID public key (applicationServerKey for pushManager.subscribe)',
  responses: {
    200: jsonResponse(z.object({ key: z.string() }), 'Base64url, uncompressed P-256 point'),
    ...commonErrors,
  },
});
const listRoute = createRoute({
  method: 'get',
  path: '/push/subscriptions',
  tags,
  security: cookieAuth,
  summary: 'One’s devices that receive pushes',
  responses: {
    200: jsonResponse(z.object({ subscriptions: z.array(PushDevice) }), 'Oldest first'),
    ...commonErrors,
  },
});
const subscribeRoute = createRoute({
  method: 'post',
  path: '/push/subscriptions',
  tags,
  security: cookieAuth,
  summary: 'Opt this device in: the browser’s PushSubscription (the same endpoint again updates it)',
  request: { body: jsonBody(PushSubscribeBody) },
  responses: {
    201: jsonResponse(z.object({ subscription: PushDevice }), 'Subscribed'),
    200: jsonResponse(z.object({ subscription: PushDevice }), 'Already subscribed; keys and label updated'),
    ...commonErrors,
  },
});
const unsubscribeRoute = createRoute({
  method: 'delete',
  path: '/push/subscriptions/{id}',
  tags,
  security: cookieAuth,
  summary: 'Opt one of one’s devices out',
  request: { params: IdParam },
  responses: { 204: { description: 'Removed' }, ...commonErrors },
});
const settingsRoute = createRoute({
  method: 'get',
  path: '/push/settings',
  tags,
  security: cookieAuth,
  summary: 'One’s push settings (quiet hours)',
  responses: { 200: jsonResponse(PushSettings, 'Settings'), ...commonErrors },
});
const saveSettingsRoute = createRoute({
  method: 'put',
  path: '/push/settings',
  tags,
  security: cookieAuth,
  summary: 'Set or clear one’s quiet hours (P1 escalations always come through)',
  request: { body: jsonBody(PushSettings) },
  responses: { 200: jsonResponse(PushSettings, 'Saved'), ...commonErrors },
});

export const pushRoutes = createRouter()
  .openapi(keyRoute, async (c) => {
    // Public by nature, but only signed-in members have a use for it.
    const { db } = ctxOf(c);
    return c.json({ key: await vapidPublicKey(db, c.get('deps').config) }, 200);
  })
  .openapi(listRoute, async (c) => c.json({ subscriptions: (await listDevices(ctxOf(c))).map(present) }, 200))
  .openapi(subscribeRoute, async (c) => {
    const saved = await subscribe(ctxOf(c), c.get('deps').config, c.req.valid('json'));
    return saved.created
      ? c.json({ subscription: present(saved) }, 201)
      : c.json({ subscription: present(saved) }, 200);
  })
  .openapi(unsubscribeRoute, async (c) => {
    await unsubscribe(ctxOf(c), c.req.valid('param').id);
    return c.body(null, 204);
  })
  .openapi(settingsRoute, async (c) => c.json(await pushSettings(ctxOf(c)), 200))
  .openapi(saveSettingsRoute, async (c) =>
    c.json(await savePushSettings(ctxOf(c), c.req.valid('json')), 200),
  );
