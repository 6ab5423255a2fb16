import { createRoute, z } from '@hono/zod-openapi';
import { createApiToken, listApiTokens, revokeApiToken } from '../../modules/api-tokens/api-tokens.service';
import { AppError } from '../../lib/app-error';
import { ctxOf } from '../middleware/auth';
import { commonErrors, cookieAuth, createRouter, IdParam, iso, jsonBody, jsonResponse } from '../openapi';

const ApiToken = z
  .object({ id: z.string(), name: z.string(), created_at: z.string(), last_used_at: z.string().nullable() })
  .openapi('ApiToken');

const createTokenRoute = createRoute({
  method: 'post',
  path: '/tokens',
  tags: ['tokens'],
  summary: 'Create a personal API token (shown once; signed-in session only, never with a token)',
  security: cookieAuth,
  request: { body: jsonBody(z.object({ name: z.string().trim().min(1).max(100) })) },
  responses: {
    201: jsonResponse(
      z.object({ id: z.string(), name: z.string(), token: z.string() }),
      'Created; keep the token',
    ),
    ...commonErrors,
  },
});

const listTokensRoute = createRoute({
  method: 'get',
  path: '/tokens',
  tags: ['tokens'],
  summary: 'Your personal API tokens (without their secret)',
  security: cookieAuth,
  responses: { 200: jsonResponse(z.object({ items: z.array(ApiToken) }), 'Tokens'), 401: commonErrors[401] },
});

const revokeTokenRoute = createRoute({
  method: 'delete',
  path: '/tokens/{id}',
  tags: ['tokens'],
  summary: 'Revoke one of your API tokens',
  security: cookieAuth,
  request: { params: IdParam },
  responses: { 204: { description: 'Revoked' }, ...commonErrors },
});

export const apiTokenRoutes = createRouter()
  .openapi(createTokenRoute, async (c) => {
    const ctx = ctxOf(c);
    // A leaked token must not be able to mint more tokens that outlive its own revocation.
    if (c.get('auth')?.via !== 'cookie') {
      throw new AppError(
        'SESSION_REQUIRED',
        'API tokens can only be created from a signed-in session, not with an API token',
      );
    }
    const t = await createApiToken(ctx, c.req.valid('json').name);
    return c.json({ id: t.id, name: t.name, token: t.token }, 201);
  })
  .openapi(listTokensRoute, async (c) => {
    const items = (await listApiTokens(ctxOf(c))).map((t) => ({
      id: t.id,
      name: t.name,
      created_at: t.created_at.toISOString(),
      last_used_at: iso(t.last_used_at),
    }));
    return c.json({ items }, 200);
  })
  .openapi(revokeTokenRoute, async (c) => {
    await revokeApiToken(ctxOf(c), c.req.valid('param').id);
    return c.body(null, 204);
  });
