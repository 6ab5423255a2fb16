import type { ServerResponse } from 'node:http';
import { createRoute, z } from '@hono/zod-openapi';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { asSystem } from '../../db/tenant';
import { fetchEventsAfter, latestAccountEventId, type StreamEvent } from '../../modules/events/events.repo';
import type { StreamCredential } from '../../modules/auth/access-changes.repo';
import { accessWatchFor } from '../../realtime/access-watch';
import { StreamAccess } from '../../realtime/stream-access';
import { nodeSink, StreamConnection } from '../../realtime/stream-hub';
import { sseFrame, visibleTo } from '../../realtime/visibility';
import { AppError, forbidden } from '../../lib/app-error';
import { ctxOf } from '../middleware/auth';
import { commonErrors, cookieAuth, createRouter, errorResponse } from '../openapi';

const stream = createRoute({
  method: 'get',
  path: '/stream',
  tags: ['live'],
  security: cookieAuth,
  summary:
    'Live events (Server-Sent Events): ready, heartbeats, handoff events, notifications; Last-Event-ID replay. ' +
    'Closes as soon as the credential stops being valid (sign-out, revoked session or token, deactivation, ' +
    'password reset) and asks the client to reconnect when the role changes.',
  request: { query: z.object({ last_event_id: z.coerce.number().int().min(0).optional() }) },
  responses: {
    200: { description: 'text/event-stream' },
    ...commonErrors,
    429: errorResponse('Too many streams open for this user or account (STREAM_LIMIT_REACHED)'),
  },
});

export const streamRoutes = createRouter().openapi(stream, async (c) => {
  const ctx = ctxOf(c);
  const { actor } = ctx;
  if (actor.role === 'viewer') throw forbidden('Viewers have no live stream');
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  if (!outgoing) throw new AppError('STREAM_UNAVAILABLE', 'The live stream needs the Node HTTP server');
  const { realtime, db, config, clock, logger } = c.get('deps');
  const auth = c.get('auth')!;
  const credential: StreamCredential = {
    kind: auth.via === 'cookie' ? 'session' : 'token',
    id: auth.credentialId,
  };
  const header = c.req.header('last-event-id');
  const lastEventId = /^\d{1,15}$/.test(header ?? '') ? Number(header) : c.req.valid('query').last_event_id;
  const user = { id: actor.id, role: actor.role };
  await realtime.bus.ensureStarted();

  const slot = realtime.hub.reserve(actor.accountId, actor.id, config.stream);
  if ('refused' in slot) {
    const { scope, limit } = slot.refused;
    throw new AppError(
      'STREAM_LIMIT_REACHED',
      scope === 'user'
        ? `You already have ${limit} live streams open (the most allowed per user); close one first`
        : `This account already has ${limit} live streams open (the most allowed per account); close one first`,
      { details: { scope, limit } },
    );
  }

  // Entitlement is re-checked whenever a process announces a change for this user, at every
  // heartbeat as a backstop (expiry, a missed announcement), and once after connecting.
  const access = new StreamAccess({ db, logger, clock }, credential, actor.role);
  const unwatch = await accessWatchFor(db, logger)
    .watch(actor.id, () => void access.check())
    .catch((err: unknown) => {
      slot.release();
      throw err;
    });

  const sent = new Set<number>();
  let replaying = true;
  const held: StreamEvent[] = [];
  const connection: StreamConnection = new StreamConnection(
    nodeSink(outgoing),
    realtime.hub.limits,
    () => {
      unsubscribe();
      unwatch();
      slot.release();
      realtime.hub.connections.delete(connection);
    },
    () => void access.check(),
  );
  access.attach(connection);
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
  // A change committed after this request was authenticated but before the watch listened was not
  // heard: look once now.
  void access.check();
  return RESPONSE_ALREADY_SENT;
});
