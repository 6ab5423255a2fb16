import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ChannelRow } from '../../modules/channels/channels.repo';
import {
  Channel,
  ChannelTestResult,
  CreateChannelBody,
  CreatedChannel,
  PatchChannelBody,
} from '../../modules/channels/channels.schemas';
import * as channels from '../../modules/channels/channels.service';
import { ctxOf } from '../middleware/auth';
import { commonErrors, cookieAuth, createRouter, IdParam, jsonBody, jsonResponse } from '../openapi';
import type { AppEnv } from '../types';

const tags = ['channels'];
const env = (c: Context<AppEnv>) => ({ config: c.get('deps').config, logger: c.get('deps').logger });

/** The masked target stands in for the URL: the real one is never returned after saving. */
const present = (ch: ChannelRow) => ({
  id: ch.id,
  kind: ch.kind,
  name: ch.name,
  target: ch.target_masked,
  events: ch.events,
  enabled: ch.enabled,
  has_secret: ch.has_secret,
  created_at: ch.created_at.toISOString(),
  updated_at: ch.updated_at.toISOString(),
});

const list = createRoute({
  method: 'get',
  path: '/channels',
  tags,
  security: cookieAuth,
  summary: 'Notification channels of the account (admin, owner); targets masked',
  responses: { 200: jsonResponse(z.object({ items: z.array(Channel) }), 'Channels'), ...commonErrors },
});
const create = createRoute({
  method: 'post',
  path: '/channels',
  tags,
  security: cookieAuth,
  summary:
    'Add an email, Slack, Teams or webhook channel (admin, owner). A webhook channel’s signing secret is returned once.',
  request: { body: jsonBody(CreateChannelBody) },
  responses: { 201: jsonResponse(CreatedChannel, 'Created'), ...commonErrors },
});
const patch = createRoute({
  method: 'patch',
  path: '/channels/{id}',
  tags,
  security: cookieAuth,
  summary: 'Change a channel’s name, target, events or enabled flag (admin, owner)',
  request: { params: IdParam, body: jsonBody(PatchChannelBody) },
  responses: { 200: jsonResponse(z.object({ channel: Channel }), 'Updated'), ...commonErrors },
});
const remove = createRoute({
  method: 'delete',
  path: '/channels/{id}',
  tags,
  security: cookieAuth,
  summary: 'Delete a channel (admin, owner); its undelivered messages end as dead',
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...commonErrors },
});
const test = createRoute({
  method: 'post',
  path: '/channels/{id}/test',
  tags,
  security: cookieAuth,
  summary: 'Send a test message now and report whether the receiver accepted it (admin, owner)',
  request: { params: IdParam },
  responses: {
    200: jsonResponse(ChannelTestResult, 'Outcome of the send (ok false with the reason when it failed)'),
    ...commonErrors,
  },
});

export const channelRoutes = createRouter()
  .openapi(list, async (c) => c.json({ items: (await channels.listChannels(ctxOf(c))).map(present) }, 200))
  .openapi(create, async (c) => {
    const { channel, secret } = await channels.createChannel(ctxOf(c), env(c), c.req.valid('json'));
    return c.json({ channel: present(channel), ...(secret ? { secret } : {}) }, 201);
  })
  .openapi(patch, async (c) => {
    const channel = await channels.updateChannel(
      ctxOf(c),
      env(c),
      c.req.valid('param').id,
      c.req.valid('json'),
    );
    return c.json({ channel: present(channel) }, 200);
  })
  .openapi(remove, async (c) => {
    await channels.deleteChannel(ctxOf(c), c.req.valid('param').id);
    return c.body(null, 204);
  })
  .openapi(test, async (c) =>
    c.json(await channels.testChannel(ctxOf(c), env(c), c.req.valid('param').id), 200),
  );
