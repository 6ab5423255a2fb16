import { createRoute, z } from '@hono/zod-openapi';
import { AccountSummary, RoleSchema, SessionInfo } from '../../modules/auth/auth.schemas';
import {
  AcceptInviteBody,
  CreatedInvite,
  CreateInviteBody,
  Invite,
  InviteTokenParam,
} from '../../modules/invites/invites.schemas';
import {
  acceptInvite,
  createInvite,
  findUsableInvite,
  inviteStatus,
  listInvites,
  revokeInvite,
} from '../../modules/invites/invites.service';
import { sendExistingUserNoticeInBackground } from '../../modules/invites/invites.mail';
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
import { startBrowserSession } from './auth';

const gone = errorResponse('Invite expired, revoked or already used');

const createInviteRoute = createRoute({
  method: 'post',
  path: '/invites',
  tags: ['invites'],
  summary: 'Invite someone by email (admin, owner)',
  security: cookieAuth,
  request: { body: jsonBody(CreateInviteBody) },
  responses: {
    201: jsonResponse(CreatedInvite, 'Invite created'),
    ...commonErrors,
    409: errorResponse('Email already used by a member of this account'),
  },
});

const listInvitesRoute = createRoute({
  method: 'get',
  path: '/invites',
  tags: ['invites'],
  summary: 'Invites of the account (admin, owner)',
  security: cookieAuth,
  responses: { 200: jsonResponse(z.object({ items: z.array(Invite) }), 'Invites'), ...commonErrors },
});

const revokeInviteRoute = createRoute({
  method: 'delete',
  path: '/invites/{id}',
  tags: ['invites'],
  summary: 'Revoke an invite (admin, owner)',
  security: cookieAuth,
  request: { params: IdParam },
  responses: { 204: { description: 'Revoked' }, ...commonErrors, 409: errorResponse('Already accepted') },
});

const lookupRoute = createRoute({
  method: 'get',
  path: '/invites/accept/{token}',
  tags: ['invites'],
  summary: 'What an invite link is for (public)',
  request: { params: InviteTokenParam },
  responses: {
    200: jsonResponse(z.object({ email: z.string(), role: RoleSchema, account: AccountSummary }), 'Invite'),
    404: commonErrors[404],
    410: gone,
  },
});

const acceptRoute = createRoute({
  method: 'post',
  path: '/invites/accept',
  tags: ['invites'],
  summary: 'Accept an invite with a name and password; signs in (public)',
  request: { body: jsonBody(AcceptInviteBody) },
  responses: {
    201: jsonResponse(SessionInfo, 'Account created and signed in'),
    400: commonErrors[400],
    404: commonErrors[404],
    409: errorResponse('Email in use'),
    410: gone,
  },
});

export const inviteRoutes = createRouter()
  .openapi(createInviteRoute, async (c) => {
    const { db, config, logger } = c.get('deps');
    const { invite, acceptUrl, existingUserElsewhere } = await createInvite(
      ctxOf(c),
      c.req.valid('json'),
      config.appUrl,
    );
    if (existingUserElsewhere) {
      sendExistingUserNoticeInBackground(
        { db, config, logger },
        { inviteId: invite.id, ...existingUserElsewhere },
      );
    }
    return c.json(
      {
        id: invite.id,
        email: invite.email,
        role: invite.role,
        expires_at: invite.expires_at.toISOString(),
        accept_url: acceptUrl,
      },
      201,
    );
  })
  .openapi(listInvitesRoute, async (c) => {
    const ctx = ctxOf(c);
    const items = (await listInvites(ctx)).map((i) => ({
      id: i.id,
      email: i.email,
      role: i.role,
      status: inviteStatus(i, ctx.now),
      expires_at: i.expires_at.toISOString(),
      created_at: i.created_at.toISOString(),
    }));
    return c.json({ items }, 200);
  })
  .openapi(revokeInviteRoute, async (c) => {
    await revokeInvite(ctxOf(c), c.req.valid('param').id);
    return c.body(null, 204);
  })
  .openapi(lookupRoute, async (c) => {
    const { db, clock } = c.get('deps');
    const invite = await findUsableInvite(db, c.req.valid('param').token, clock());
    return c.json(
      {
        email: invite.email,
        role: invite.role,
        account: { id: invite.account_id, name: invite.account_name },
      },
      200,
    );
  })
  .openapi(acceptRoute, async (c) => {
    const { db, clock } = c.get('deps');
    const now = clock();
    const accepted = await acceptInvite(db, c.req.valid('json'), now);
    const csrfToken = await startBrowserSession(
      c,
      { id: accepted.userId, account_id: accepted.accountId },
      now,
    );
    return c.json(
      {
        user: {
          id: accepted.userId,
          email: accepted.email,
          name: c.req.valid('json').name,
          role: accepted.role,
        },
        account: { id: accepted.accountId, name: accepted.accountName },
        csrf_token: csrfToken,
      },
      201,
    );
  });
