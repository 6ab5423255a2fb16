import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { authenticateApiToken, authenticateSession } from '../../modules/auth/auth.service';
import type { Ctx } from '../../modules/context';
import { AppError, unauthorized } from '../../lib/app-error';
import type { AppEnv } from '../types';

export const SESSION_COOKIE = 'rf_session';
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Resolves the caller from `Authorization: Bearer` (API tokens) or the session cookie. Routes that
 * need a caller use `ctxOf`. Cookie-authenticated mutations must carry the CSRF token; bearer
 * requests cannot be forged by a browser and don't need it.
 */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { db, clock } = c.get('deps');
    const now = clock();
    const header = c.req.header('authorization');
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const result = match ? await authenticateApiToken(db, match[1]!, now) : null;
      if (!result) throw unauthorized('Invalid or revoked API token');
      c.set('auth', { ...result, via: 'token' });
      return next();
    }
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie) {
      const result = await authenticateSession(db, cookie, now);
      if (result) {
        c.set('auth', { ...result, via: 'cookie', sessionToken: cookie });
        if (MUTATING.has(c.req.method) && c.req.header('x-csrf-token') !== result.csrfToken) {
          throw new AppError('CSRF_TOKEN_INVALID', 'Missing or invalid X-CSRF-Token header');
        }
      }
    }
    return next();
  };
}

/**
 * The use-case context of an authenticated request; 401 when there is no caller. While the account
 * requires MFA and the caller has none, only routes that pass `duringMfaEnrolment` (/me and the
 * enrolment itself) are open; every other route answers 403 MFA_ENROLMENT_REQUIRED.
 */
export function ctxOf(c: Context<AppEnv>, options: { duringMfaEnrolment?: boolean } = {}): Ctx {
  const auth = c.get('auth');
  if (!auth) throw unauthorized();
  if (auth.mfaEnrolmentRequired && !options.duringMfaEnrolment) {
    throw new AppError(
      'MFA_ENROLMENT_REQUIRED',
      'Your account requires two-factor sign-in: set up an authenticator app first',
    );
  }
  const { db, clock } = c.get('deps');
  return { db, actor: auth.actor, now: clock() };
}
