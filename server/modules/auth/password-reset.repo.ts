import type { Role } from '../../../shared/roles';
import type { Queryable } from '../../db/types';

export type PasswordResetRow = {
  id: string;
  account_id: string;
  user_id: string;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
  created_at: Date;
};

/** Requests counted for rate limiting, on the system path: no account is known yet. */
export async function countRecentResetRequests(q: Queryable, email: string, ip: string, since: Date) {
  const { rows } = await q.query<{ by_email: number; by_ip: number }>(
    `SELECT count(*) FILTER (WHERE lower(email) = lower($1))::int AS by_email,
            count(*) FILTER (WHERE ip = $2)::int AS by_ip
     FROM password_reset_requests WHERE created_at > $3 AND (lower(email) = lower($1) OR ip = $2)`,
    [email, ip, since],
  );
  return rows[0] ?? { by_email: 0, by_ip: 0 };
}

export async function recordResetRequest(q: Queryable, email: string, ip: string, now: Date) {
  await q.query(`INSERT INTO password_reset_requests (email, ip, created_at) VALUES ($1, $2, $3)`, [
    email.slice(0, 320),
    ip,
    now,
  ]);
}

/** A newer link replaces the older ones still outstanding, so only the latest email works. */
export async function revokeOutstandingResets(tx: Queryable, accountId: string, userId: string, now: Date) {
  await tx.query(
    `UPDATE password_resets SET revoked_at = $3
     WHERE account_id = $1 AND user_id = $2 AND used_at IS NULL AND revoked_at IS NULL`,
    [accountId, userId, now],
  );
}

export async function insertReset(
  tx: Queryable,
  r: {
    id: string;
    accountId: string;
    userId: string;
    tokenHash: string;
    expiresAt: Date;
    ip: string;
    now: Date;
  },
) {
  await tx.query(
    `INSERT INTO password_resets (id, account_id, user_id, token_hash, expires_at, requested_ip, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [r.id, r.accountId, r.userId, r.tokenHash, r.expiresAt, r.ip, r.now],
  );
}

export type ResetWithUser = PasswordResetRow & {
  email: string;
  name: string;
  role: Role;
  user_active: boolean;
  account_name: string;
};

/** Looked up from the link before any account is known: called on the system path only. */
export async function findResetByTokenHash(q: Queryable, tokenHash: string) {
  const { rows } = await q.query<ResetWithUser>(
    `SELECT r.id, r.account_id, r.user_id, r.expires_at, r.used_at, r.revoked_at, r.created_at,
            u.email, u.name, u.role, (u.is_active AND u.deleted_at IS NULL) AS user_active, a.name AS account_name
     FROM password_resets r JOIN users u ON u.id = r.user_id JOIN accounts a ON a.id = r.account_id
     WHERE r.token_hash = $1`,
    [tokenHash],
  );
  return rows[0];
}

/** Single use: only one confirmation can flip used_at, and only while the link is still valid. */
export async function markResetUsed(tx: Queryable, accountId: string, id: string, now: Date) {
  const { rowCount } = await tx.query(
    `UPDATE password_resets SET used_at = $3
     WHERE account_id = $1 AND id = $2 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $3
     RETURNING id`,
    [accountId, id, now],
  );
  return rowCount === 1;
}

/** Changes the password of an active user; false when the user was deactivated meanwhile. */
export async function setPasswordOfActiveUser(
  tx: Queryable,
  accountId: string,
  userId: string,
  passwordHash: string,
) {
  const { rowCount } = await tx.query(
    `UPDATE users SET password_hash = $3
     WHERE account_id = $1 AND id = $2 AND is_active AND deleted_at IS NULL RETURNING id`,
    [accountId, userId, passwordHash],
  );
  return rowCount === 1;
}

/** Whoever proved they own the mailbox ends a lockout someone else caused by guessing passwords. */
export async function clearFailedLogins(q: Queryable, email: string) {
  await q.query(`DELETE FROM login_attempts WHERE lower(email) = lower($1) AND NOT succeeded`, [email]);
}
