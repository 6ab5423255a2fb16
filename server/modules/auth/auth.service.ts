import type { Database } from '../../db/types';
import { asSystem } from '../../db/tenant';
import { AppError } from '../../lib/app-error';
import { hashSecret, newId, newSecret } from '../../lib/crypto';
import type { Actor } from '../context';
import * as repo from './auth.repo';
import { issueChallenge, needsSecondStep } from '../mfa/mfa-challenge';
import { throttleLogin } from './login-throttle';
import { verifyPassword } from './passwords';
import { assertPasswordSignInAllowed } from '../sso/sso-only';

// Failed sign-ins are limited per (email, address) pair and per address: see login-throttle.ts.
export { LOGIN_LIMITS } from './login-throttle';
// Touching last_seen_at on every request would turn every read into a write.
const TOUCH_INTERVAL_MS = 5 * 60_000;

export type AuthResult = {
  actor: Actor;
  accountName: string;
  csrfToken: string | null;
  credentialId: string;
  /** Only /me, sign-out and MFA enrolment are open to this caller (see ctxOf). */
  mfaEnrolmentRequired: boolean;
};

export type LoginInput = { email: string; password: string; ip: string; userAgent: string | null };

export async function login(db: Database, input: LoginInput, ttlHours: number, now: Date) {
  await throttleLogin(db, input, now);
  return asSystem(db, 'auth', async (q) => {
    const user = await repo.findLoginUser(q, input.email);
    const ok = await verifyPassword(user?.password_hash, input.password);
    await repo.recordLoginAttempt(q, input.email, input.ip, ok, now);
    if (!user || !ok) throw new AppError('INVALID_CREDENTIALS', 'Email or password is incorrect');
    // An "SSO only" account refuses passwords (its owner excepted): server/modules/sso/sso-only.ts.
    await assertPasswordSignInAllowed(q, user);
    // With a second factor, the password only earns a short-lived challenge (server/modules/mfa).
    if (await needsSecondStep(q, user)) {
      return { mfa: await issueChallenge(q, user, now), user, accountName: user.account_name };
    }
    const session = await createAuthSession(db, user, input, ttlHours, now);
    return { ...session, mfa: null, user, accountName: user.account_name };
  });
}

/** Always a fresh token: a cookie planted before login never becomes an authenticated session. */
export async function createAuthSession(
  db: Database,
  user: { id: string; account_id: string },
  input: { ip: string; userAgent: string | null },
  ttlHours: number,
  now: Date,
) {
  const token = newSecret('rfs_');
  const csrfToken = newSecret();
  await asSystem(db, 'auth', (q) =>
    repo.insertAuthSession(q, {
      id: newId(),
      accountId: user.account_id,
      userId: user.id,
      tokenHash: hashSecret(token),
      csrfToken,
      expiresAt: new Date(now.getTime() + ttlHours * 3_600_000),
      userAgent: input.userAgent?.slice(0, 300) ?? null,
      ip: input.ip,
      now,
    }),
  );
  return { token, csrfToken };
}

export async function logout(db: Database, sessionToken: string, now: Date) {
  await asSystem(db, 'auth', (q) => repo.revokeAuthSession(q, hashSecret(sessionToken), now));
}

function toResult(row: repo.AuthenticatedRow): AuthResult {
  return {
    actor: { id: row.user_id, accountId: row.account_id, role: row.role, name: row.name, email: row.email },
    accountName: row.account_name,
    csrfToken: row.csrf_token,
    credentialId: row.credential_id,
    mfaEnrolmentRequired: row.mfa_enrolment_required === true,
  };
}

export async function authenticateSession(
  db: Database,
  token: string,
  now: Date,
): Promise<AuthResult | null> {
  if (!token.startsWith('rfs_') || token.length > 200) return null;
  const row = await asSystem(db, 'auth', (q) => repo.findSessionByTokenHash(q, hashSecret(token), now));
  if (!row) return null;
  if (!row.last_seen_at || now.getTime() - row.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
    await asSystem(db, 'auth', (q) => repo.touchCredential(q, 'session', row.credential_id, now));
  }
  return toResult(row);
}

export async function authenticateApiToken(
  db: Database,
  token: string,
  now: Date,
): Promise<AuthResult | null> {
  if (!token.startsWith('rfp_') || token.length > 200) return null;
  const row = await asSystem(db, 'auth', (q) => repo.findApiTokenByHash(q, hashSecret(token)));
  if (!row) return null;
  if (!row.last_seen_at || now.getTime() - row.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
    await asSystem(db, 'auth', (q) => repo.touchCredential(q, 'token', row.credential_id, now));
  }
  return toResult(row);
}
