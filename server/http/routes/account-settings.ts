import { createRoute } from '@hono/zod-openapi';
import { getAccountSettings, updateAccountSettings } from '../../modules/accounts/account-settings.service';
import { AccountSecurityPatch, AccountSecuritySettings } from '../../modules/mfa/mfa.schemas';
import { ctxOf } from '../middleware/auth';
import { commonErrors, cookieAuth, createRouter, errorResponse, jsonBody, jsonResponse } from '../openapi';

const getSettingsRoute = createRoute({
  method: 'get',
  path: '/account/settings',
  tags: ['account'],
  summary: 'Account-wide settings (admins and owners): whether every member must use two-factor sign-in',
  security: cookieAuth,
  responses: { 200: jsonResponse(AccountSecuritySettings, 'Settings'), ...commonErrors },
});

const patchSettingsRoute = createRoute({
  method: 'patch',
  path: '/account/settings',
  tags: ['account'],
  summary: 'Change account-wide settings (admins and owners; requiring MFA needs one’s own first)',
  security: cookieAuth,
  request: { body: jsonBody(AccountSecurityPatch) },
  responses: {
    200: jsonResponse(AccountSecuritySettings, 'Saved'),
    409: errorResponse('Requiring MFA before setting it up for oneself (MFA_NOT_ENABLED)'),
    ...commonErrors,
  },
});

export const accountSettingsRoutes = createRouter()
  .openapi(getSettingsRoute, async (c) => c.json(await getAccountSettings(ctxOf(c)), 200))
  .openapi(patchSettingsRoute, async (c) =>
    c.json(await updateAccountSettings(ctxOf(c), c.req.valid('json')), 200),
  );
