import { createRoute } from '@hono/zod-openapi';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { AppError } from '../../lib/app-error';
import { logout } from '../../modules/auth/auth.service';
import { SessionInfo } from '../../modules/auth/auth.schemas';
import { secretBoxFor } from '../../modules/channels/channel-targets';
import { completeChallenge } from '../../modules/mfa/mfa-challenge';
import { relyingPartyFor } from '../../modules/mfa/webauthn';
import {
  MfaLoginBody,
  MfaProofBody,
  RecoveryCodes,
  TotpCodeBody,
  TotpEnrolment,
} from '../../modules/mfa/mfa.schemas';
import {
  confirmTotpEnrolment,
  disableTotp,
  regenerateRecoveryCodes,
  startTotpEnrolment,
} from '../../modules/mfa/mfa.service';
import { ctxOf, SESSION_COOKIE } from '../middleware/auth';
import { commonErrors, cookieAuth, createRouter, errorResponse, jsonBody, jsonResponse } from '../openapi';
import type { AppEnv } from '../types';
import { startBrowserSession } from './auth';

/** Two-factor sign-in (SPEC §16): the sign-in's second step and a user's own TOTP settings. */

const tooMany = errorResponse('Too many wrong codes (MFA_TOO_MANY_ATTEMPTS); see Retry-After');
const conflictErr = errorResponse('Already on, not on, or not started');

/**
 * The second factor is changed only from a signed-in browser session: a leaked API token must not
 * be able to put its own authenticator on the account (shutting its owner out) or take it off.
 */
export function browserCtx(c: Context<AppEnv>, duringMfaEnrolment = false) {
  const ctx = ctxOf(c, { duringMfaEnrolment });
  if (c.get('auth')?.via !== 'cookie') {
    throw new AppError(
      'SESSION_REQUIRED',
      'Two-factor settings can only be changed from a signed-in session',
    );
  }
  return ctx;
}

const mfaLoginRoute = createRoute({
  method: 'post',
  path: '/auth/mfa',
  tags: ['auth'],
  summary:
    'Second sign-in step: the mfa_token from /auth/login and a code or a passkey answer; sets the session cookie',
  request: { body: jsonBody(MfaLoginBody) },
  responses: {
    200: jsonResponse(SessionInfo, 'Signed in'),
    400: commonErrors[400],
    401: errorResponse('Wrong code (MFA_CODE_INVALID), or the mfa_token is unknown, expired or used'),
    429: tooMany,
  },
});

const startTotpRoute = createRoute({
  method: 'post',
  path: '/me/mfa/totp',
  tags: ['mfa'],
  summary: 'Start setting up an authenticator app: a new secret, its otpauth URL and QR code',
  security: cookieAuth,
  responses: {
    200: jsonResponse(TotpEnrolment, 'Scan or type the secret, then confirm with a code'),
    409: conflictErr,
    ...commonErrors,
  },
});

const confirmTotpRoute = createRoute({
  method: 'post',
  path: '/me/mfa/totp/confirm',
  tags: ['mfa'],
  summary: 'Confirm the authenticator app with a first code; answers ten recovery codes (shown once)',
  security: cookieAuth,
  request: { body: jsonBody(TotpCodeBody) },
  responses: {
    200: jsonResponse(RecoveryCodes, 'Two-factor sign-in is on'),
    409: conflictErr,
    429: tooMany,
    ...commonErrors,
  },
});

const disableTotpRoute = createRoute({
  method: 'delete',
  path: '/me/mfa/totp',
  tags: ['mfa'],
  summary: 'Turn two-factor sign-in off (a current code or a recovery code is required)',
  security: cookieAuth,
  request: { body: jsonBody(MfaProofBody) },
  responses: { 204: { description: 'Turned off' }, 409: conflictErr, 429: tooMany, ...commonErrors },
});

const regenerateRoute = createRoute({
  method: 'post',
  path: '/me/mfa/recovery-codes',
  tags: ['mfa'],
  summary: 'Replace all recovery codes with ten new ones (a current code or a recovery code is required)',
  security: cookieAuth,
  request: { body: jsonBody(MfaProofBody) },
  responses: {
    200: jsonResponse(RecoveryCodes, 'New codes; the old ones no longer work'),
    409: conflictErr,
    429: tooMany,
    ...commonErrors,
  },
});

export const mfaRoutes = createRouter()
  .openapi(mfaLoginRoute, async (c) => {
    const { db, config, clock } = c.get('deps');
    const now = clock();
    const { passkey, ...codes } = c.req.valid('json');
    const user = await completeChallenge(
      db,
      secretBoxFor(config),
      relyingPartyFor(config),
      // The schema checked the passkey answer's shape; the library checks its content.
      { ...codes, passkey: passkey as AuthenticationResponseJSON | undefined },
      now,
    );
    // As at sign-in: whatever session cookie the browser brought is ended and replaced.
    const previous = getCookie(c, SESSION_COOKIE);
    if (previous) await logout(db, previous, now);
    const csrfToken = await startBrowserSession(c, user, now);
    return c.json(
      {
        user: { id: user.id, email: user.email, name: user.name, role: user.role },
        account: { id: user.account_id, name: user.account_name },
        csrf_token: csrfToken,
        mfa_enrolment_required: false,
      },
      200,
    );
  })
  .openapi(startTotpRoute, async (c) => {
    const ctx = browserCtx(c, true);
    return c.json(await startTotpEnrolment(ctx, secretBoxFor(c.get('deps').config)), 200);
  })
  .openapi(confirmTotpRoute, async (c) => {
    const ctx = browserCtx(c, true);
    const box = secretBoxFor(c.get('deps').config);
    return c.json(await confirmTotpEnrolment(ctx, box, c.req.valid('json').code), 200);
  })
  .openapi(disableTotpRoute, async (c) => {
    await disableTotp(browserCtx(c), secretBoxFor(c.get('deps').config), c.req.valid('json'));
    return c.body(null, 204);
  })
  .openapi(regenerateRoute, async (c) => {
    const codes = await regenerateRecoveryCodes(
      browserCtx(c),
      secretBoxFor(c.get('deps').config),
      c.req.valid('json'),
    );
    return c.json(codes, 200);
  });
