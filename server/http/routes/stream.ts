import type { ServerResponse } from 'node:http';
import { createRoute, z } from '@hono/zod-openapi';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { asSystem } from '../../db/tenant';
import { fetchEventsAfter, latestAccountEventId, type StreamEvent } from '../../modules/events/events.repo';
import { nodeSink, StreamConnection } from '../../realtime/stream-hub';
import { sseFrame, visibleTo } from '../../realtime/visibility';
import { AppError, forbidden } from '../../lib/app-error';
import { ctxOf } from '../middleware/auth';
import { commonErrors, cookieAuth, createRouter } from '../openapi';

const stream = createRoute({
  method: 'get',
  path: '/stream',
  tags: ['live'],
  security: cookieAuth,
  summary:
    'Live events (Server-Sent Events): ready, heartbeats, handoff events, notifications; Last-Event-ID replay',
  request: { query: z.object({ last_event_id: z.coerce.number().int().min(0).optional() }) },
  responses: { 200: { description: 'text/event-stream' }, ...commonErrors },
});

export const streamRoutes = createRouter().openapi(stream, async (c) => {
  const ctx = ctxOf(c);
  const { actor } = ctx;
  if (actor.role === 'viewer') throw forbidden('Viewers have no live stream');
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  if (!outgoing) throw new AppError('STREAM_UNAVAILABLE', 'The live stream needs the Node HTTP server');
  const { realtime, db } = c.get('deps');
  const header = c.req.header('last-event-id');
  const lastEventId = /^\d{1,15}$/.test(header ?? '') ? Number(header) : c.req.valid('query').last_event_id;
  const user = { id: actor.id, role: actor.role };
  await realtime.bus.ensureStarted();

  const sent = new Set<number>();
  let replaying = true;
  const held: StreamEvent[] = [];
  const connection = new StreamConnection(nodeSink(outgoing), realtime.hub.limits, () => {
    unsubscribe();
    realtime.hub.connections.delete(connection);
  });
  // Subscribe before replaying so nothing committed in between is lost; live events wait in `held`.
  const unsubscribe = realtime.bus.subscribe(actor.accountId, (event) => {
    if (!visibleTo(event, user)) return;
    if (replaying) held.push(event);
    else if (!sent.has(event.id)) connection.push(sseFrame(event));
  });
  realtime.hub.connections.add(connection);

  const latestId = await asSystem(db, 'worker', (q) => latestAccountEventId(q, actor.accountId));
  connection.push(
    `retry: 1000\nevent: ready\ndata: ${JSON.stringify({ user_id: actor.id, last_event_id: latestId })}\n\n`,
  );
  if (lastEventId !== undefined) {
    const { replayLimit } = realtime.hub.limits;
    const missed = await asSystem(db, 'worker', (q) =>
      fetchEventsAfter(q, actor.accountId, lastEventId, replayLimit + 1),
    );
    if (missed.length > replayLimit) {
      connection.push(
        `event: resync\ndata: ${JSON.stringify({ reason: 'too many missed events; refetch' })}\n\n`,
      );
    } else {
      for (const event of missed) {
        if (!visibleTo(event, user)) continue;
        sent.add(event.id);
        connection.push(sseFrame(event));
      }
    }
  }
  replaying = false;
  for (const event of held) if (!sent.has(event.id)) connection.push(sseFrame(event));
  return RESPONSE_ALREADY_SENT;
});
