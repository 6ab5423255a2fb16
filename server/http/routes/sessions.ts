import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { renderTicketNotes } from '../../modules/sessions/notes';
import { presentFact, presentSession, presentView } from '../../modules/sessions/sessions.presenter';
import {
  AnswerBody,
  CreateSessionBody,
  Fact,
  FactBody,
  ListSessionsQuery,
  NoteBody,
  ResolveBody,
  Session,
  SessionDetail,
  SessionIdParam,
  StepParams,
} from '../../modules/sessions/sessions.schemas';
import * as sessions from '../../modules/sessions/sessions.service';
import type { TransitionName } from '../../modules/sessions/sessions.permissions';
import { ctxOf } from '../middleware/auth';
import { commonErrors, cookieAuth, createRouter, errorResponse, jsonBody, jsonResponse } from '../openapi';
import type { AppEnv } from '../types';

const tags = ['sessions'];
const conflictError = errorResponse('Not allowed in the session’s current status (body has current_status)');
const detail = (description: string) => jsonResponse(SessionDetail, description);
const deps = (c: Context<AppEnv>) => ({ assistant: c.get('deps').assistant });

const create = createRoute({
  method: 'post',
  path: '/sessions',
  tags,
  security: cookieAuth,
  summary: 'Start a guided troubleshooting session from an intake',
  request: { body: jsonBody(CreateSessionBody) },
  responses: { 201: detail('Session with its first step'), ...commonErrors },
});
const list = createRoute({
  method: 'get',
  path: '/sessions',
  tags,
  security: cookieAuth,
  summary: 'Sessions: mine, or the account’s (filterable by status)',
  request: { query: ListSessionsQuery },
  responses: { 200: jsonResponse(z.object({ items: z.array(Session) }), 'Sessions'), ...commonErrors },
});
const get = createRoute({
  method: 'get',
  path: '/sessions/{id}',
  tags,
  security: cookieAuth,
  summary: 'A session with its steps, facts and current step',
  request: { params: SessionIdParam },
  responses: { 200: detail('Session'), ...commonErrors },
});
const answer = createRoute({
  method: 'post',
  path: '/sessions/{id}/steps/{step_id}/answer',
  tags,
  security: cookieAuth,
  summary: 'Answer the current step (option, text or skip; an outcome for actions)',
  request: { params: StepParams, body: jsonBody(AnswerBody) },
  responses: { 200: detail('Updated session and the next step'), ...commonErrors, 409: conflictError },
});
const note = createRoute({
  method: 'post',
  path: '/sessions/{id}/steps',
  tags,
  security: cookieAuth,
  summary: 'Add a note of your own to the timeline',
  request: { params: SessionIdParam, body: jsonBody(NoteBody) },
  responses: { 201: detail('Updated session'), ...commonErrors, 409: conflictError },
});
const fact = createRoute({
  method: 'post',
  path: '/sessions/{id}/facts',
  tags,
  security: cookieAuth,
  summary: 'Add a fact, or promote an answered step to a fact',
  request: { params: SessionIdParam, body: jsonBody(FactBody) },
  responses: {
    201: jsonResponse(z.object({ fact: Fact }), 'Fact added'),
    ...commonErrors,
    409: conflictError,
  },
});
const resolve = createRoute({
  method: 'post',
  path: '/sessions/{id}/resolve',
  tags,
  security: cookieAuth,
  summary: 'Resolve with root cause and resolution summary',
  request: { params: SessionIdParam, body: jsonBody(ResolveBody) },
  responses: { 200: detail('Resolved session'), ...commonErrors, 409: conflictError },
});
const ask = createRoute({
  method: 'post',
  path: '/sessions/{id}/ask',
  tags,
  security: cookieAuth,
  summary: 'Ask the assistant for a next step when none is waiting (e.g. after claiming an escalation)',
  request: { params: SessionIdParam },
  responses: { 200: detail('Session with the assistant’s proposal'), ...commonErrors, 409: conflictError },
});
const notes = createRoute({
  method: 'get',
  path: '/sessions/{id}/notes',
  tags,
  security: cookieAuth,
  summary: 'Ticket notes in Markdown, generated from the session record',
  request: { params: SessionIdParam },
  responses: {
    200: { description: 'Markdown', content: { 'text/markdown': { schema: z.string() } } },
    ...commonErrors,
  },
});

const transitionRoute = (name: Exclude<TransitionName, 'resolve'>, summary: string) =>
  createRoute({
    method: 'post',
    path: `/sessions/{id}/${name}`,
    tags,
    security: cookieAuth,
    summary,
    request: { params: SessionIdParam },
    responses: { 200: detail('Session'), ...commonErrors, 409: conflictError },
  });

export const sessionRoutes = createRouter()
  .openapi(create, async (c) =>
    c.json(presentView(await sessions.createSession(ctxOf(c), deps(c), c.req.valid('json'))), 201),
  )
  .openapi(list, async (c) => {
    const items = await sessions.listSessions(ctxOf(c), c.req.valid('query'));
    return c.json({ items: items.map(presentSession) }, 200);
  })
  .openapi(get, async (c) =>
    c.json(presentView(await sessions.getSession(ctxOf(c), c.req.valid('param').id)), 200),
  )
  .openapi(answer, async (c) => {
    const { id, step_id } = c.req.valid('param');
    return c.json(
      presentView(await sessions.answerStep(ctxOf(c), deps(c), id, step_id, c.req.valid('json'))),
      200,
    );
  })
  .openapi(note, async (c) =>
    c.json(
      presentView(await sessions.addNote(ctxOf(c), c.req.valid('param').id, c.req.valid('json').text)),
      201,
    ),
  )
  .openapi(fact, async (c) => {
    const f = await sessions.addFact(ctxOf(c), c.req.valid('param').id, c.req.valid('json'));
    return c.json({ fact: presentFact(f) }, 201);
  })
  .openapi(resolve, async (c) => {
    const view = await sessions.transition(ctxOf(c), c.req.valid('param').id, 'resolve', c.req.valid('json'));
    c.get('deps').handoffs.kickDeliveries?.(); // PSA writes of the resolution, if any, go out now
    c.get('deps').proposals?.sessionResolved(view.session.account_id, view.session.id); // after commit
    return c.json(presentView(view), 200);
  })
  .openapi(transitionRoute('pause', 'Pause an active session'), async (c) =>
    c.json(presentView(await sessions.transition(ctxOf(c), c.req.valid('param').id, 'pause')), 200),
  )
  .openapi(transitionRoute('resume', 'Resume a paused session'), async (c) =>
    c.json(presentView(await sessions.transition(ctxOf(c), c.req.valid('param').id, 'resume')), 200),
  )
  .openapi(transitionRoute('abandon', 'Abandon an active or paused session'), async (c) =>
    c.json(presentView(await sessions.transition(ctxOf(c), c.req.valid('param').id, 'abandon')), 200),
  )
  .openapi(ask, async (c) =>
    c.json(presentView(await sessions.askAssistant(ctxOf(c), deps(c), c.req.valid('param').id)), 200),
  )
  .openapi(notes, async (c) => {
    const ctx = ctxOf(c);
    const v = await sessions.getSession(ctx, c.req.valid('param').id);
    return c.body(renderTicketNotes(v.session, v.steps, v.facts, ctx.now), 200, {
      'Content-Type': 'text/markdown; charset=utf-8',
    });
  });
