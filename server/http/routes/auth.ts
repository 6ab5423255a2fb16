import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { LoginBody, SessionInfo } from '../../modules/auth/auth.schemas';
import { challengeAnswer, challengeIfNeeded, enrolmentRequired } from '../../modules/mfa/mfa-challenge';
import { MeInfo, MfaChallengeInfo } from '../../modules/mfa/mfa.schemas';
import { mfaStatus } from '../../modules/mfa/mfa.service';
import { createAuthSession, login, logout } from '../../modules/auth/auth.service';
import { sendPasswordResetInBackground } from '../../modules/auth/password-reset.mail';
import {
  PasswordResetAccepted,
  PasswordResetConfirmBody,
  PasswordResetPreview,
  PasswordResetRequestBody,
  ResetTokenParam,
} from '../../modules/auth/password-reset.schemas';
import {
  acceptResetRequest,
  confirmPasswordReset,
  findUsableReset,
} from '../../modules/auth/password-reset.service';
import { asSystem } from '../../db/tenant';
import { assertPasswordSignInAllowed } from '../../modules/sso/sso-only';
import { clientAddress } from '../client-address';
import { ctxOf, SESSION_COOKIE } from '../middleware/auth';
import { commonErrors, cookieAuth, createRouter, errorResponse, jsonBody, jsonResponse } from '../openapi';
import type { AppEnv } from '../types';

/** The client's address, through trusted proxies only (TRUST_PROXY); see client-address.ts. */
export function clientIp(c: Context<AppEnv>): string {
  return clientAddress(c);
}

/** HttpOnly, SameSite=Lax; Secure in production. */
export function setSessionCookie(c: Context<AppEnv>, token: string) {
  const { config } = c.get('deps');
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: config.isProduction,
    path: '/',
    maxAge: config.sessionTtlHours * 3600,
  });
}

/**
 * Opens a new session for `user` from this request's address and browser, sets its cookie and
 * returns the CSRF token the client must send back on mutations.
 */
export async function startBrowserSession(
  c: Context<AppEnv>,
  user: { id: string; account_id: string },
  now: Date,
): Promise<string> {
  const { db, config } = c.get('deps');
  const session = await createAuthSession(
    db,
    user,
    { ip: clientIp(c), userAgent: c.req.header('user-agent') ?? null },
    config.sessionTtlHours,
    now,
  );
  setSessionCookie(c, session.token);
  return session.csrfToken;
}

const loginRoute = createRoute({
  method: 'post',
  path: '/auth/login',
  tags: ['auth'],
  summary:
    'Sign in with email and password; sets the session cookie, or answers an MFA challenge (no cookie) when the user has a second factor',
  request: { body: jsonBody(LoginBody) },
  responses: {
    200: jsonResponse(z.union([SessionInfo, MfaChallengeInfo]), 'Signed in, or a second step is needed'),
    400: commonErrors[400],
    401: errorResponse('Wrong email or password'),
    429: errorResponse('Too many failed attempts'),
  },
});

const logoutRoute = createRoute({
  method: 'post',
  path: '/auth/logout',
  tags: ['auth'],
  summary: 'Sign out: revokes the session',
  security: cookieAuth,
  responses: { 204: { description: 'Signed out' } },
});

const meRoute = createRoute({
  method: 'get',
  path: '/me',
  tags: ['auth'],
  summary: 'The signed-in user, their account and the CSRF token',
  security: cookieAuth,
  responses: { 200: jsonResponse(MeInfo, 'Current user and their two-factor state'), 401: commonErrors[401] },
});

const resetGone = errorResponse('Link used, replaced, expired, or the user is deactivated');

const resetRequestRoute = createRoute({
  method: 'post',
  path: '/auth/password-reset',
  tags: ['auth'],
  summary: 'Email a single-use password reset link (public; the same answer whether or not the email exists)',
  request: { body: jsonBody(PasswordResetRequestBody) },
  responses: {
    202: jsonResponse(
      PasswordResetAccepted,
      'Accepted: a link is mailed if the email belongs to an active user',
    ),
    400: commonErrors[400],
    429: errorResponse('Too many requests for this email or from this address'),
  },
});

const resetLookupRoute = createRoute({
  method: 'get',
  path: '/auth/password-reset/{token}',
  tags: ['auth'],
  summary: 'Whether a password reset link can still be used, and for whom (public)',
  request: { params: ResetTokenParam },
  responses: {
    200: jsonResponse(PasswordResetPreview, 'Usable link'),
    400: commonErrors[400],
    404: commonErrors[404],
    410: resetGone,
  },
});

const resetConfirmRoute = createRoute({
  method: 'post',
  path: '/auth/password-reset/confirm',
  tags: ['auth'],
  summary: 'Set a new password with a reset link; ends every other session and signs in (public)',
  request: { body: jsonBody(PasswordResetConfirmBody) },
  responses: {
    200: jsonResponse(
      z.union([SessionInfo, MfaChallengeInfo]),
      'Password changed and signed in, or (with MFA on) the second sign-in step is needed',
    ),
    400: commonErrors[400],
    404: commonErrors[404],
    410: resetGone,
  },
});

export const authRoutes = createRouter()
  .openapi(loginRoute, async (c) => {
    const { db, config, clock } = c.get('deps');
    const body = c.req.valid('json');
    const result = await login(
      db,
      {
        email: body.email.trim(),
        password: body.password,
        ip: clientIp(c),
        userAgent: c.req.header('user-agent') ?? null,
      },
      config.sessionTtlHours,
      clock(),
    );
    // Two-step sign-in (server/modules/mfa): no session and no cookie change until the code is right.
    if (result.mfa) return c.json(challengeAnswer(result.mfa), 200);
    // Any cookie the browser brought is replaced; if it was a live session, it is ended.
    const previous = getCookie(c, SESSION_COOKIE);
    if (previous) await logout(db, previous, clock());
    setSessionCookie(c, result.token);
    const { user } = result;
    return c.json(
      {
        user: { id: user.id, email: user.email, name: user.name, role: user.role },
        account: { id: user.account_id, name: result.accountName },
        csrf_token: result.csrfToken,
        mfa_enrolment_required: await enrolmentRequired(db, user),
      },
      200,
    );
  })
  .openapi(logoutRoute, async (c) => {
    const auth = c.get('auth');
    if (auth?.sessionToken) await logout(c.get('deps').db, auth.sessionToken, c.get('deps').clock());
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  })
  .openapi(meRoute, async (c) => {
    // Open during MFA enrolment: the web reads from here that it must walk the user through it.
    const ctx = ctxOf(c, { duringMfaEnrolment: true });
    const auth = c.get('auth')!;
    const { actor } = ctx;
    return c.json(
      {
        user: { id: actor.id, email: actor.email, name: actor.name, role: actor.role },
        account: { id: actor.accountId, name: auth.accountName },
        csrf_token: auth.csrfToken,
        mfa_enrolment_required: auth.mfaEnrolmentRequired,
        mfa: await mfaStatus(ctx),
      },
      200,
    );
  })
  .openapi(resetRequestRoute, async (c) => {
    const { db, config, clock, logger } = c.get('deps');
    const now = clock();
    const input = { email: c.req.valid('json').email, ip: clientIp(c) };
    await acceptResetRequest(db, input, now);
    sendPasswordResetInBackground({ db, config, logger }, input, now);
    return c.json(
      { message: 'If an active account uses this email, a link to reset its password is on its way.' },
      202,
    );
  })
  .openapi(resetLookupRoute, async (c) => {
    const { db, clock } = c.get('deps');
    const reset = await findUsableReset(db, c.req.valid('param').token, clock());
    return c.json(
      {
        email: reset.email,
        account: { id: reset.account_id, name: reset.account_name },
        expires_at: reset.expires_at.toISOString(),
      },
      200,
    );
  })
  .openapi(resetConfirmRoute, async (c) => {
    const { db, clock } = c.get('deps');
    const now = clock();
    // A password is no way in to an "SSO only" account (server/modules/sso/sso-only.ts): refused first.
    const pending = await findUsableReset(db, c.req.valid('json').token, now);
    await asSystem(db, 'auth', (q) => assertPasswordSignInAllowed(q, pending));
    const { user, account } = await confirmPasswordReset(db, c.req.valid('json'), now);
    // A reset leaves MFA on; the new password alone must not open a session (the mailbox is one factor).
    const challenge = await challengeIfNeeded(db, { id: user.id, account_id: account.id }, now);
    if (challenge) return c.json(challengeAnswer(challenge), 200);
    // Whatever session this browser had is replaced by a fresh one; all others were revoked.
    const csrfToken = await startBrowserSession(c, { id: user.id, account_id: account.id }, now);
    const mfaEnrolment = await enrolmentRequired(db, { id: user.id, account_id: account.id });
    return c.json({ user, account, csrf_token: csrfToken, mfa_enrolment_required: mfaEnrolment }, 200);
  });
