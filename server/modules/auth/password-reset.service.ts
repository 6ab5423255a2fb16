import { asSystem, withTenant } from '../../db/tenant';
import type { Database } from '../../db/types';
import { AppError } from '../../lib/app-error';
import { hashSecret, newId, newSecret } from '../../lib/crypto';
import { revokeAllApiTokensOfUser } from '../api-tokens/api-tokens.repo';
import { insertAudit } from '../audit/audit.repo';
import { findLoginUser, revokeAllSessionsOfUser } from './auth.repo';
import { hashPassword } from './passwords';
import * as repo from './password-reset.repo';

/** How long a reset link works. */
export const PASSWORD_RESET_TTL_MINUTES = 60;
/** Requests accepted per window, counted whether or not the email belongs to anyone. */
export const PASSWORD_RESET_LIMITS = { windowMinutes: 60, perEmail: 5, perIp: 30 };

const TOKEN_PREFIX = 'rfr_';

/**
 * Counts the request against the limits (per email and per client address) before anything else.
 * The answer is the same whether the email exists or not; a 429 depends only on how often someone
 * asked, so it reveals nothing either.
 */
export async function acceptResetRequest(db: Database, input: { email: string; ip: string }, now: Date) {
  await asSystem(db, 'auth', async (q) => {
    const since = new Date(now.getTime() - PASSWORD_RESET_LIMITS.windowMinutes * 60_000);
    const seen = await repo.countRecentResetRequests(q, input.email, input.ip, since);
    if (seen.by_email >= PASSWORD_RESET_LIMITS.perEmail || seen.by_ip >= PASSWORD_RESET_LIMITS.perIp) {
      throw new AppError('RATE_LIMITED', 'Too many password reset requests. Try again later.', {
        details: { retry_after_seconds: PASSWORD_RESET_LIMITS.windowMinutes * 60 },
      });
    }
    await repo.recordResetRequest(q, input.email, input.ip, now);
  });
}

export type IssuedReset = {
  accountId: string;
  email: string;
  name: string;
  url: string;
  expiresAt: Date;
  resetId: string;
};

/**
 * Creates a single-use link for an active user with this email and replaces any older one; nothing
 * for an unknown or deactivated email. Runs after the request was answered, so the response time
 * does not tell whether the email exists.
 */
export async function issuePasswordReset(
  db: Database,
  input: { email: string; ip: string },
  appUrl: string,
  now: Date,
): Promise<IssuedReset | null> {
  const user = await asSystem(db, 'auth', (q) => findLoginUser(q, input.email));
  if (!user) return null;
  const token = newSecret(TOKEN_PREFIX);
  const resetId = newId();
  const expiresAt = new Date(now.getTime() + PASSWORD_RESET_TTL_MINUTES * 60_000);
  await withTenant(db, user.account_id, async (tx) => {
    await repo.revokeOutstandingResets(tx, user.account_id, user.id, now);
    await repo.insertReset(tx, {
      id: resetId,
      accountId: user.account_id,
      userId: user.id,
      tokenHash: hashSecret(token),
      expiresAt,
      ip: input.ip,
      now,
    });
    await insertAudit(
      tx,
      {
        accountId: user.account_id,
        actorUserId: user.id,
        action: 'password_reset.requested',
        targetType: 'user',
        targetId: user.id,
      },
      now,
    );
  });
  return {
    accountId: user.account_id,
    email: user.email,
    name: user.name,
    url: `${appUrl}/reset-password/${token}`,
    expiresAt,
    resetId,
  };
}

/** Resolves a reset link; unusable links say why (404 unknown, 410 used, replaced, expired or user deactivated). */
export async function findUsableReset(db: Database, token: string, now: Date) {
  const reset =
    token.startsWith(TOKEN_PREFIX) && token.length <= 200
      ? await asSystem(db, 'auth', (q) => repo.findResetByTokenHash(q, hashSecret(token)))
      : undefined;
  if (!reset) {
    throw new AppError(
      'RESET_LINK_INVALID',
      'This password reset link is not valid. Check that you opened the whole link, or ask for a new one.',
    );
  }
  if (reset.used_at)
    throw new AppError(
      'RESET_LINK_USED',
      'This password reset link has already been used. Ask for a new one if you need to.',
    );
  if (reset.revoked_at)
    throw new AppError('RESET_LINK_REPLACED', 'A newer password reset link was sent; use the latest email.');
  if (reset.expires_at <= now)
    throw new AppError('RESET_LINK_EXPIRED', 'This password reset link has expired. Ask for a new one.');
  if (!reset.user_active) throw deactivated();
  return reset;
}

const deactivated = () =>
  new AppError(
    'USER_DEACTIVATED',
    'This user has been deactivated and cannot reset the password. Ask an admin of your account.',
  );

/**
 * Sets the new password, consumes the link (one conditional update decides between two
 * confirmations racing), revokes the user's other links, every session they hold and every personal
 * API token, and lifts a sign-in lockout. The caller then signs the user in with a fresh session.
 */
export async function confirmPasswordReset(
  db: Database,
  input: { token: string; password: string },
  now: Date,
) {
  const reset = await findUsableReset(db, input.token, now);
  const passwordHash = await hashPassword(input.password);
  await withTenant(db, reset.account_id, async (tx) => {
    if (!(await repo.markResetUsed(tx, reset.account_id, reset.id, now))) {
      throw new AppError(
        'RESET_LINK_USED',
        'This password reset link has already been used. Ask for a new one if you need to.',
      );
    }
    if (!(await repo.setPasswordOfActiveUser(tx, reset.account_id, reset.user_id, passwordHash)))
      throw deactivated();
    await repo.revokeOutstandingResets(tx, reset.account_id, reset.user_id, now);
    await revokeAllSessionsOfUser(tx, reset.user_id, now);
    const revokedApiTokens = await revokeAllApiTokensOfUser(tx, reset.account_id, reset.user_id, now);
    await insertAudit(
      tx,
      {
        accountId: reset.account_id,
        actorUserId: reset.user_id,
        action: 'password_reset.completed',
        targetType: 'user',
        targetId: reset.user_id,
        details: { revoked_api_tokens: revokedApiTokens },
      },
      now,
    );
  });
  await asSystem(db, 'auth', (q) => repo.clearFailedLogins(q, reset.email));
  return {
    user: { id: reset.user_id, email: reset.email, name: reset.name, role: reset.role },
    account: { id: reset.account_id, name: reset.account_name },
  };
}
