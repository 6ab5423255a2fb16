import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../../db/types';
import { asSystem } from '../../db/tenant';
import { AppError } from '../../lib/app-error';
import * as repo from './login-throttle.repo';

/**
 * How failed sign-ins are limited, within a sliding window:
 *
 * - `perPair`: failures for one email from one client address lock that pair. An attacker guessing a
 *   user's password from address A locks only (email, A); the owner signing in from B is not affected.
 * - `perAddress`: failures from one address across all emails lock that address (credential stuffing,
 *   password spraying). Whoever shares that address (an office behind one NAT) shares the lock.
 * - `perEmailSlowdown`: failures for one email across all addresses do NOT lock, because anyone could
 *   then keep the owner out by failing on purpose from anywhere. Past this count every attempt for
 *   that email is answered only after `slowdownMs`, right or wrong password: guessing from many
 *   addresses gets slower while the owner still gets in. It does not stop parallel guessing; the
 *   per-pair and per-address limits bound what each address may try.
 *
 * The client address comes from the socket, or from X-Forwarded-For through trusted proxies only
 * (TRUST_PROXY, see server/http/client-address.ts): without it every client behind a reverse proxy has
 * the proxy's address and `perAddress` becomes one limit for everybody.
 */
export const LOGIN_LIMITS = {
  windowMinutes: 15,
  perPair: 10,
  perAddress: 50,
  perEmailSlowdown: 20,
  slowdownMs: 1000,
};

export type LoginThrottleScope = 'email_and_address' | 'address';

/**
 * Checked before the password: a locked pair or address is refused with RATE_LIMITED (429 and
 * Retry-After, when the lock lifts); a much-guessed email waits `slowdownMs` outside any transaction.
 */
export async function throttleLogin(db: Database, input: { email: string; ip: string }, now: Date) {
  const since = new Date(now.getTime() - LOGIN_LIMITS.windowMinutes * 60_000);
  type Verdict = { locked: LoginThrottleScope; at: Date | undefined } | { locked?: undefined; slow: boolean };
  const verdict = await asSystem(db, 'auth', async (q): Promise<Verdict> => {
    const failures = await repo.countRecentFailures(q, input.email, input.ip, since);
    if (failures.by_pair >= LOGIN_LIMITS.perPair) {
      const at = await repo.nthRecentFailureAt(q, input, since, LOGIN_LIMITS.perPair);
      return { locked: 'email_and_address', at };
    }
    if (failures.by_ip >= LOGIN_LIMITS.perAddress) {
      const at = await repo.nthRecentFailureAt(
        q,
        { email: null, ip: input.ip },
        since,
        LOGIN_LIMITS.perAddress,
      );
      return { locked: 'address', at };
    }
    return { slow: failures.by_email >= LOGIN_LIMITS.perEmailSlowdown };
  });
  if (verdict.locked) {
    const windowMs = LOGIN_LIMITS.windowMinutes * 60_000;
    const liftsAt = (verdict.at?.getTime() ?? now.getTime()) + windowMs;
    const retryAfter = Math.min(windowMs / 1000, Math.max(1, Math.ceil((liftsAt - now.getTime()) / 1000)));
    throw new AppError(
      'RATE_LIMITED',
      verdict.locked === 'address'
        ? 'Too many failed sign-in attempts from this address. Try again later.'
        : 'Too many failed sign-in attempts for this email from this address. Try again later.',
      { details: { retry_after_seconds: retryAfter, scope: verdict.locked } },
    );
  }
  if (verdict.slow) await sleep(LOGIN_LIMITS.slowdownMs);
}
