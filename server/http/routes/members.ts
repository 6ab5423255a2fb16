import { createRoute, z } from '@hono/zod-openapi';
import type { MemberRow } from '../../modules/members/members.repo';
import { Member, MemberPatchBody } from '../../modules/members/members.schemas';
import { leaveAccount, listMembers, updateMember } from '../../modules/members/members.service';
import { ctxOf, SESSION_COOKIE } from '../middleware/auth';
import { deleteCookie } from 'hono/cookie';
import {
  commonErrors,
  cookieAuth,
  createRouter,
  errorResponse,
  IdParam,
  iso,
  jsonBody,
  jsonResponse,
} from '../openapi';

const present = (m: MemberRow) => ({
  ...m,
  created_at: m.created_at.toISOString(),
  last_login_at: iso(m.last_login_at),
});

const listRoute = createRoute({
  method: 'get',
  path: '/members',
  tags: ['members'],
  summary: "The account's members",
  security: cookieAuth,
  responses: { 200: jsonResponse(z.object({ items: z.array(Member) }), 'Members'), 401: commonErrors[401] },
});

const patchRoute = createRoute({
  method: 'patch',
  path: '/members/{id}',
  tags: ['members'],
  summary: 'Change a member’s role or deactivate/reactivate them (admin, owner)',
  security: cookieAuth,
  request: { params: IdParam, body: jsonBody(MemberPatchBody) },
  responses: {
    200: jsonResponse(z.object({ member: Member }), 'Updated'),
    ...commonErrors,
    409: errorResponse('Would leave the account without an owner'),
  },
});

const leaveRoute = createRoute({
  method: 'post',
  path: '/account/leave',
  tags: ['members'],
  summary: 'Leave the account (the last owner cannot)',
  security: cookieAuth,
  responses: {
    204: { description: 'Left and signed out' },
    401: commonErrors[401],
    409: errorResponse('Last owner'),
  },
});

export const memberRoutes = createRouter()
  .openapi(listRoute, async (c) => c.json({ items: (await listMembers(ctxOf(c))).map(present) }, 200))
  .openapi(patchRoute, async (c) => {
    const member = await updateMember(ctxOf(c), c.req.valid('param').id, c.req.valid('json'));
    return c.json({ member: present(member) }, 200);
  })
  .openapi(leaveRoute, async (c) => {
    await leaveAccount(ctxOf(c));
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });
