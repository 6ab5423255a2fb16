import { createRoute } from '@hono/zod-openapi';
import { PolicyBody, PolicyResponse } from '../../modules/policies/policies.schemas';
import { assertAdmin } from '../../modules/members/members.permissions';
import { getPolicy, updatePolicy, type PolicyView } from '../../modules/policies/policies.service';
import { ctxOf } from '../middleware/auth';
import { commonErrors, cookieAuth, createRouter, iso, jsonBody, jsonResponse } from '../openapi';

const tags = ['escalation policy'];

const present = (p: PolicyView) => ({ policy: { ...p, updated_at: iso(p.updated_at) } });

const getRoute = createRoute({
  method: 'get',
  path: '/escalation-policy',
  tags,
  security: cookieAuth,
  summary: 'The account’s escalation policy (the default until an admin saves one)',
  responses: { 200: jsonResponse(PolicyResponse, 'Escalation policy'), 401: commonErrors[401] },
});

const putRoute = createRoute({
  method: 'put',
  path: '/escalation-policy',
  tags,
  security: cookieAuth,
  summary:
    'Replace the escalation policy (admin, owner); escalations in flight keep the policy they started with',
  request: { body: jsonBody(PolicyBody) },
  responses: {
    200: jsonResponse(PolicyResponse, 'Saved'),
    400: commonErrors[400],
    401: commonErrors[401],
    403: commonErrors[403],
  },
});

export const policyRoutes = createRouter();

// Who may change the policy is decided before the body is read: a tech gets 403, not a lecture on levels.
policyRoutes.use('/escalation-policy', async (c, next) => {
  const ctx = ctxOf(c);
  if (c.req.method === 'PUT') assertAdmin(ctx.actor.role);
  await next();
});

policyRoutes
  .openapi(getRoute, async (c) => c.json(present(await getPolicy(ctxOf(c))), 200))
  .openapi(putRoute, async (c) => c.json(present(await updatePolicy(ctxOf(c), c.req.valid('json'))), 200));
