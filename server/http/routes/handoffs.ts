import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { presentHandoff, presentQueueItem } from '../../modules/handoffs/handoffs.presenter';
import { CreateHandoffBody, Handoff, QueueItem } from '../../modules/handoffs/handoffs.schemas';
import * as handoffs from '../../modules/handoffs/handoffs.service';
import { SessionIdParam } from '../../modules/sessions/sessions.schemas';
import { ctxOf } from '../middleware/auth';
import {
  commonErrors,
  cookieAuth,
  createRouter,
  errorResponse,
  IdParam,
  jsonBody,
  jsonResponse,
} from '../openapi';
import type { AppEnv } from '../types';

const tags = ['escalations'];
const one = (description: string) => jsonResponse(z.object({ handoff: Handoff }), description);
const deps = (c: Context<AppEnv>) => c.get('deps').handoffs;

const create = createRoute({
  method: 'post',
  path: '/sessions/{id}/handoffs',
  tags,
  security: cookieAuth,
  summary: 'Escalate the session to the seniors, or park it privately (session owner only)',
  request: { params: SessionIdParam, body: jsonBody(CreateHandoffBody) },
  responses: {
    201: one('Handoff created; the assessment follows in the background'),
    ...commonErrors,
    409: errorResponse('Wrong status or an escalation is already open'),
  },
});
const forSession = createRoute({
  method: 'get',
  path: '/sessions/{id}/handoffs',
  tags,
  security: cookieAuth,
  summary: 'Handoffs of a session (parks only for their author)',
  request: { params: SessionIdParam },
  responses: { 200: jsonResponse(z.object({ items: z.array(Handoff) }), 'Handoffs'), ...commonErrors },
});
const queue = createRoute({
  method: 'get',
  path: '/handoffs/queue',
  tags,
  security: cookieAuth,
  summary: 'Unclaimed escalations of the account, oldest first (engineer, admin, owner)',
  responses: { 200: jsonResponse(z.object({ items: z.array(QueueItem) }), 'Queue'), ...commonErrors },
});
const get = createRoute({
  method: 'get',
  path: '/handoffs/{id}',
  tags,
  security: cookieAuth,
  summary: 'One handoff with its snapshot and assessment',
  request: { params: IdParam },
  responses: { 200: one('Handoff'), ...commonErrors },
});
const claim = createRoute({
  method: 'post',
  path: '/handoffs/{id}/claim',
  tags,
  security: cookieAuth,
  summary: 'Claim an escalation; exactly one concurrent claimer wins',
  request: { params: IdParam },
  responses: {
    200: one('Claimed (also for the winner’s repeats)'),
    ...commonErrors,
    409: errorResponse('ALREADY_CLAIMED with claimed_by and claimed_at, or HANDOFF_CLOSED'),
  },
});
const release = createRoute({
  method: 'post',
  path: '/handoffs/{id}/release',
  tags,
  security: cookieAuth,
  summary: 'Put a claimed escalation back in the queue (the claimer, or admin/owner)',
  request: { params: IdParam },
  responses: { 200: one('Released'), ...commonErrors, 409: errorResponse('Not claimed or closed') },
});

export const handoffRoutes = createRouter()
  .openapi(create, async (c) => {
    const h = await handoffs.createHandoff(ctxOf(c), deps(c), c.req.valid('param').id, c.req.valid('json'));
    return c.json({ handoff: presentHandoff(h) }, 201);
  })
  .openapi(forSession, async (c) => {
    const items = await handoffs.listSessionHandoffs(ctxOf(c), c.req.valid('param').id);
    return c.json({ items: items.map(presentHandoff) }, 200);
  })
  .openapi(queue, async (c) => {
    const ctx = ctxOf(c);
    const items = await handoffs.listQueue(ctx);
    return c.json({ items: items.map((h) => presentQueueItem(h, ctx.now)) }, 200);
  })
  .openapi(get, async (c) =>
    c.json({ handoff: presentHandoff(await handoffs.getHandoff(ctxOf(c), c.req.valid('param').id)) }, 200),
  )
  .openapi(claim, async (c) => {
    const handoff = await handoffs.claimHandoff(ctxOf(c), c.req.valid('param').id);
    // The claim's outbox rows (chat messages, the Slack app's message update) go out now, not at the next poll.
    c.get('deps').handoffs.kickDeliveries?.();
    return c.json({ handoff: presentHandoff(handoff) }, 200);
  })
  .openapi(release, async (c) => {
    const handoff = await handoffs.releaseHandoff(ctxOf(c), c.req.valid('param').id);
    c.get('deps').handoffs.kickDeliveries?.();
    return c.json({ handoff: presentHandoff(handoff) }, 200);
  });
