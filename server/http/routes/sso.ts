import { createRoute } from '@hono/zod-openapi';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { logout } from '../../modules/auth/auth.service';
import { finishSsoSignIn, SSO_LOGIN_TTL_MS, startSsoSignIn } from '../../modules/sso/sso-sign-in.service';
import { getSsoSettings, saveSsoSettings, testSsoDiscovery } from '../../modules/sso/sso-settings.service';
import {
  SsoCallbackQuery,
  SsoDiscoveryResult,
  SsoSettings,
  SsoSettingsBody,
  SsoStartAnswer,
  SsoStartBody,
} from '../../modules/sso/sso.schemas';
import { ctxOf, SESSION_COOKIE } from '../middleware/auth';
import { commonErrors, cookieAuth, createRouter, errorResponse, jsonBody, jsonResponse } from '../openapi';
import { startBrowserSession } from './auth';
import type { AppEnv } from '../types';
import type { Context } from 'hono';

/** Binds a started SSO sign-in to this browser (see startSsoSignIn); only the callback reads it. */
const SSO_COOKIE = 'rf_sso';
const SSO_COOKIE_PATH = '/api/v1/auth/sso';

const envOf = (c: Context<AppEnv>) => ({ ...ctxOf(c), config: c.get('deps').config });

const getRoute = createRoute({
  method: 'get',
  path: '/account/sso',
  tags: ['account'],
  summary: 'The account’s single sign-on settings (admins and owners; the client secret is never sent)',
  security: cookieAuth,
  responses: { 200: jsonResponse(SsoSettings, 'Settings'), ...commonErrors },
});

const putRoute = createRoute({
  method: 'put',
  path: '/account/sso',
  tags: ['account'],
  summary: 'Save the account’s single sign-on settings (admins and owners)',
  security: cookieAuth,
  request: { body: jsonBody(SsoSettingsBody) },
  responses: {
    200: jsonResponse(SsoSettings, 'Saved'),
    409: errorResponse('An email domain is already used by another account (SSO_DOMAIN_TAKEN)'),
    ...commonErrors,
  },
});

const testRoute = createRoute({
  method: 'post',
  path: '/account/sso/test-discovery',
  tags: ['account'],
  summary: 'Fetch the saved issuer’s discovery document and report whether it works (admins and owners)',
  security: cookieAuth,
  responses: {
    200: jsonResponse(SsoDiscoveryResult, 'What the provider answered'),
    409: errorResponse('Nothing saved yet (SSO_NOT_CONFIGURED)'),
    ...commonErrors,
  },
});

const startRoute = createRoute({
  method: 'post',
  path: '/auth/sso/start',
  tags: ['auth'],
  summary: 'Start single sign-on for a work email (public): answers the provider URL to send the browser to',
  request: { body: jsonBody(SsoStartBody) },
  responses: {
    200: jsonResponse(SsoStartAnswer, 'Send the browser to redirect_url'),
    400: commonErrors[400],
    404: errorResponse('No account signs in with SSO for this email domain (SSO_DOMAIN_UNKNOWN)'),
    502: errorResponse('The provider cannot be reached (SSO_PROVIDER_UNAVAILABLE)'),
  },
});

const callbackRoute = createRoute({
  method: 'get',
  path: '/auth/sso/callback',
  tags: ['auth'],
  summary:
    'Where the provider sends the browser back (public): signs in and redirects to the app, or to the login page with ?sso_error=…',
  request: { query: SsoCallbackQuery },
  responses: {
    302: { description: 'To the app (signed in) or to /login?sso_error=<reason>' },
    400: errorResponse('No, unknown, expired or used state, or another browser (SSO_STATE_INVALID)'),
  },
});

export const ssoRoutes = createRouter()
  .openapi(getRoute, async (c) => c.json(await getSsoSettings(envOf(c)), 200))
  .openapi(putRoute, async (c) => c.json(await saveSsoSettings(envOf(c), c.req.valid('json')), 200))
  .openapi(testRoute, async (c) => c.json(await testSsoDiscovery(envOf(c)), 200))
  .openapi(startRoute, async (c) => {
    const { db, config, logger, clock } = c.get('deps');
    const { redirectUrl, browserKey } = await startSsoSignIn(
      { db, config, logger, now: clock() },
      c.req.valid('json').email,
    );
    setCookie(c, SSO_COOKIE, browserKey, {
      httpOnly: true,
      // Lax: sent on the provider's top-level redirect back to us, never on cross-site sub-requests.
      sameSite: 'Lax',
      secure: config.isProduction,
      path: SSO_COOKIE_PATH,
      maxAge: SSO_LOGIN_TTL_MS / 1000,
    });
    return c.json({ redirect_url: redirectUrl }, 200);
  })
  .openapi(callbackRoute, async (c) => {
    const { db, config, logger, clock } = c.get('deps');
    const now = clock();
    const search = new URL(c.req.url).search;
    const outcome = await finishSsoSignIn({ db, config, logger, now }, search, getCookie(c, SSO_COOKIE));
    deleteCookie(c, SSO_COOKIE, { path: SSO_COOKIE_PATH });
    if (!outcome.ok) return c.redirect(`/login?sso_error=${outcome.reason}`, 302);
    // As after a password sign-in: any session the browser had is ended and replaced.
    const previous = getCookie(c, SESSION_COOKIE);
    if (previous) await logout(db, previous, now);
    await startBrowserSession(c, outcome.user, now);
    return c.redirect('/', 302);
  });
