import { createRoute, z } from '@hono/zod-openapi';
import { deleteCookie } from 'hono/cookie';
import {
  listSignInSessions,
  revokeOtherSignInSessions,
  revokeSignInSession,
} from '../../modules/auth/sign-in-sessions.service';
import { AppError } from '../../lib/app-error';
import { ctxOf, SESSION_COOKIE } from '../middleware/auth';
import { commonErrors, cookieAuth, createRouter, IdParam, jsonResponse } from '../openapi';

const SignInSession = z
  .object({
    id: z.string(),
    created_at: z.string(),
    last_seen_at: z.string(),
    user_agent: z.string().nullable(),
    current: z.boolean().openapi({ description: 'The session making this request' }),
  })
  .openapi('SignInSession');

const listRoute = createRoute({
  method: 'get',
  path: '/me/sessions',
  tags: ['auth'],
  summary:
    'Your signed-in browser sessions that are still valid, newest first; `current` marks this one ' +
    '(always false when called with an API token)',
  security: cookieAuth,
  responses: {
    200: jsonResponse(z.object({ items: z.array(SignInSession) }), 'Sessions'),
    401: commonErrors[401],
  },
});

const revokeRoute = createRoute({
  method: 'delete',
  path: '/me/sessions/{id}',
  tags: ['auth'],
  summary: 'Sign out one of your sessions (its live streams close at once); only your own',
  security: cookieAuth,
  request: { params: IdParam },
  responses: { 204: { description: 'Revoked' }, ...commonErrors },
});

const revokeOthersRoute = createRoute({
  method: 'post',
  path: '/me/sessions/revoke-others',
  tags: ['auth'],
  summary: 'Sign out all your other sessions, keeping this one (signed-in session only, not an API token)',
  security: cookieAuth,
  responses: { 204: { description: 'The other sessions are revoked' }, ...commonErrors },
});

export const meSessionRoutes = createRouter()
  .openapi(listRoute, async (c) => {
    const ctx = ctxOf(c);
    const auth = c.get('auth')!;
    const current = auth.via === 'cookie' ? auth.credentialId : undefined;
    const rows = await listSignInSessions(ctx);
    const items = rows.map((s) => ({
      id: s.id,
      created_at: s.created_at.toISOString(),
      last_seen_at: s.last_seen_at.toISOString(),
      user_agent: s.user_agent,
      current: s.id === current,
    }));
    return c.json({ items }, 200);
  })
  .openapi(revokeRoute, async (c) => {
    const ctx = ctxOf(c);
    const auth = c.get('auth')!;
    const { id } = c.req.valid('param');
    await revokeSignInSession(ctx, id);
    // Ending the session in use is signing out: the browser drops its cookie too.
    if (auth.via === 'cookie' && auth.credentialId === id) deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  })
  .openapi(revokeOthersRoute, async (c) => {
    const ctx = ctxOf(c);
    const auth = c.get('auth')!;
    // "Others" is relative to the session making the request; an API token has none to keep.
    if (auth.via !== 'cookie') {
      throw new AppError(
        'SESSION_REQUIRED',
        'Signing out other sessions needs a signed-in browser session, not an API token',
      );
    }
    await revokeOtherSignInSessions(ctx, auth.credentialId);
    return c.body(null, 204);
  });
