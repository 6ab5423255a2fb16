import type { Role } from '../../../shared/roles';
import type { Queryable } from '../../db/types';
import { announceAccessChange } from './access-changes.repo';

export type UserRow = {
  id: string;
  account_id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string | null;
  is_active: boolean;
  deleted_at: Date | null;
  created_at: Date;
  last_login_at: Date | null;
};

export type AuthenticatedRow = {
  user_id: string;
  account_id: string;
  email: string;
  name: string;
  role: Role;
  account_name: string;
  credential_id: string;
  csrf_token: string | null;
  last_seen_at: Date | null;
  /** The account requires a second factor and this user has none yet (server/modules/mfa). */
  mfa_enrolment_required: boolean;
};

const ACTIVE_USER = `u.is_active AND u.deleted_at IS NULL`;
// Computed at each request, so turning "require MFA" on applies to sessions already open.
const MFA_ENROLMENT_REQUIRED = `(coalesce((a.settings->>'require_mfa')::boolean, false) AND NOT EXISTS (
  SELECT 1 FROM mfa_totp m WHERE m.user_id = u.id AND m.confirmed_at IS NOT NULL) AND NOT EXISTS (
  SELECT 1 FROM mfa_passkeys p WHERE p.user_id = u.id)) AS mfa_enrolment_required`;

export async function findLoginUser(q: Queryable, email: string) {
  const { rows } = await q.query<UserRow & { account_name: string }>(
    `SELECT u.*, a.name AS account_name FROM users u JOIN accounts a ON a.id = u.account_id
     WHERE lower(u.email) = lower($1) AND ${ACTIVE_USER}`,
    [email],
  );
  return rows[0];
}

export async function recordLoginAttempt(
  q: Queryable,
  email: string,
  ip: string,
  succeeded: boolean,
  now: Date,
) {
  await q.query(`INSERT INTO login_attempts (email, ip, succeeded, created_at) VALUES ($1, $2, $3, $4)`, [
    email.slice(0, 320),
    ip,
    succeeded,
    now,
  ]);
}

export async function insertAuthSession(
  q: Queryable,
  s: {
    id: string;
    accountId: string;
    userId: string;
    tokenHash: string;
    csrfToken: string;
    expiresAt: Date;
    userAgent: string | null;
    ip: string;
    now: Date;
  },
) {
  await q.query(
    `INSERT INTO auth_sessions (id, account_id, user_id, token_hash, csrf_token, expires_at, user_agent, ip, created_at, last_seen_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
    [s.id, s.accountId, s.userId, s.tokenHash, s.csrfToken, s.expiresAt, s.userAgent, s.ip, s.now],
  );
  await q.query(`UPDATE users SET last_login_at = $2 WHERE id = $1`, [s.userId, s.now]);
}

export async function findSessionByTokenHash(q: Queryable, tokenHash: string, now: Date) {
  const { rows } = await q.query<AuthenticatedRow>(
    `SELECT u.id AS user_id, u.account_id, u.email, u.name, u.role, a.name AS account_name,
            s.id AS credential_id, s.csrf_token, s.last_seen_at, ${MFA_ENROLMENT_REQUIRED}
     FROM auth_sessions s JOIN users u ON u.id = s.user_id JOIN accounts a ON a.id = u.account_id
     WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND ${ACTIVE_USER}`,
    [tokenHash, now],
  );
  return rows[0];
}

export async function findApiTokenByHash(q: Queryable, tokenHash: string) {
  const { rows } = await q.query<AuthenticatedRow>(
    `SELECT u.id AS user_id, u.account_id, u.email, u.name, u.role, a.name AS account_name,
            t.id AS credential_id, NULL AS csrf_token, t.last_used_at AS last_seen_at, ${MFA_ENROLMENT_REQUIRED}
     FROM api_tokens t JOIN users u ON u.id = t.user_id JOIN accounts a ON a.id = u.account_id
     WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND ${ACTIVE_USER}`,
    [tokenHash],
  );
  return rows[0];
}

export async function touchCredential(q: Queryable, kind: 'session' | 'token', id: string, now: Date) {
  const sql =
    kind === 'session'
      ? `UPDATE auth_sessions SET last_seen_at = $2 WHERE id = $1`
      : `UPDATE api_tokens SET last_used_at = $2 WHERE id = $1`;
  await q.query(sql, [id, now]);
}

export async function revokeAuthSession(q: Queryable, tokenHash: string, now: Date) {
  const { rows } = await q.query<{ user_id: string }>(
    `UPDATE auth_sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL RETURNING user_id`,
    [tokenHash, now],
  );
  // Live streams opened with this session close at once, in every server process.
  if (rows[0]) await announceAccessChange(q, rows[0].user_id);
}

/** Deactivating a member or changing their password ends every session they hold. */
export async function revokeAllSessionsOfUser(q: Queryable, userId: string, now: Date) {
  await q.query(`UPDATE auth_sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`, [
    userId,
    now,
  ]);
  await announceAccessChange(q, userId);
}
