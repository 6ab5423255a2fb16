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

/** The use-case context of an authenticated request; 401 when there is no caller. */
export function ctxOf(c: Context<AppEnv>): Ctx {
  const auth = c.get('auth');
  if (!auth) throw unauthorized();
  const { db, clock } = c.get('deps');
  return { db, actor: auth.actor, now: clock() };
}
