import type { Queryable } from '../../db/types';

/**
 * SQL of two-factor sign-in. Every query names the account; the sign-in step (before a tenant is
 * known) runs these on the system path with the account taken from the user or challenge row.
 */

export type TotpRow = {
  user_id: string;
  account_id: string;
  secret_sealed: string;
  confirmed_at: Date | null;
  last_used_step: string | null;
};

export async function findTotp(q: Queryable, accountId: string, userId: string) {
  const { rows } = await q.query<TotpRow>(
    `SELECT user_id, account_id, secret_sealed, confirmed_at, last_used_step::text AS last_used_step
     FROM mfa_totp WHERE account_id = $1 AND user_id = $2`,
    [accountId, userId],
  );
  return rows[0];
}

/** Locks the row, so two checks of the same code cannot both pass. */
export async function lockTotp(q: Queryable, accountId: string, userId: string) {
  const { rows } = await q.query<TotpRow>(
    `SELECT user_id, account_id, secret_sealed, confirmed_at, last_used_step::text AS last_used_step
     FROM mfa_totp WHERE account_id = $1 AND user_id = $2 FOR UPDATE`,
    [accountId, userId],
  );
  return rows[0];
}

/** Starts (or restarts) an enrolment: a new secret, not yet protecting anything. */
export async function upsertPendingTotp(
  q: Queryable,
  t: { accountId: string; userId: string; secretSealed: string; now: Date },
) {
  await q.query(
    `INSERT INTO mfa_totp (user_id, account_id, secret_sealed, confirmed_at, last_used_step, created_at)
     VALUES ($1, $2, $3, NULL, NULL, $4)
     ON CONFLICT (user_id) DO UPDATE SET secret_sealed = EXCLUDED.secret_sealed, confirmed_at = NULL,
       last_used_step = NULL, created_at = EXCLUDED.created_at
     WHERE mfa_totp.account_id = EXCLUDED.account_id AND mfa_totp.confirmed_at IS NULL`,
    [t.userId, t.accountId, t.secretSealed, t.now],
  );
}

export async function confirmTotp(q: Queryable, accountId: string, userId: string, step: number, now: Date) {
  const { rowCount } = await q.query(
    `UPDATE mfa_totp SET confirmed_at = $3, last_used_step = $4
     WHERE account_id = $1 AND user_id = $2 AND confirmed_at IS NULL`,
    [accountId, userId, now, step],
  );
  return rowCount === 1;
}

/** Records the step of an accepted code; false when that step (or a later one) was already used. */
export async function advanceLastUsedStep(q: Queryable, accountId: string, userId: string, step: number) {
  const { rowCount } = await q.query(
    `UPDATE mfa_totp SET last_used_step = $3
     WHERE account_id = $1 AND user_id = $2 AND (last_used_step IS NULL OR last_used_step < $3)`,
    [accountId, userId, step],
  );
  return rowCount === 1;
}

export async function deleteTotp(q: Queryable, accountId: string, userId: string) {
  await q.query(`DELETE FROM mfa_totp WHERE account_id = $1 AND user_id = $2`, [accountId, userId]);
}

/** Whether the user has a confirmed second factor: a confirmed authenticator app or a passkey. */
export async function hasConfirmedFactor(q: Queryable, accountId: string, userId: string) {
  const { rows } = await q.query<{ on: boolean }>(
    `SELECT (EXISTS (SELECT 1 FROM mfa_totp WHERE account_id = $1 AND user_id = $2 AND confirmed_at IS NOT NULL)
          OR EXISTS (SELECT 1 FROM mfa_passkeys WHERE account_id = $1 AND user_id = $2)) AS on`,
    [accountId, userId],
  );
  return rows[0]?.on === true;
}

// Recovery codes.

export async function replaceRecoveryCodes(
  q: Queryable,
  r: { accountId: string; userId: string; codes: { id: string; hash: string }[]; now: Date },
) {
  await q.query(`DELETE FROM mfa_recovery_codes WHERE account_id = $1 AND user_id = $2`, [
    r.accountId,
    r.userId,
  ]);
  for (const code of r.codes) {
    await q.query(
      `INSERT INTO mfa_recovery_codes (id, account_id, user_id, code_hash, created_at) VALUES ($1, $2, $3, $4, $5)`,
      [code.id, r.accountId, r.userId, code.hash, r.now],
    );
  }
}

/** Spends one unused code by its hash; false when there is none (wrong, or used before). */
export async function useRecoveryCode(
  q: Queryable,
  accountId: string,
  userId: string,
  hash: string,
  now: Date,
) {
  const { rows } = await q.query<{ id: string }>(
    `UPDATE mfa_recovery_codes SET used_at = $4
     WHERE id = (SELECT id FROM mfa_recovery_codes
                 WHERE account_id = $1 AND user_id = $2 AND code_hash = $3 AND used_at IS NULL LIMIT 1)
       AND used_at IS NULL
     RETURNING id`,
    [accountId, userId, hash, now],
  );
  return rows[0]?.id;
}

export async function countUnusedRecoveryCodes(q: Queryable, accountId: string, userId: string) {
  const { rows } = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM mfa_recovery_codes WHERE account_id = $1 AND user_id = $2 AND used_at IS NULL`,
    [accountId, userId],
  );
  return rows[0]?.n ?? 0;
}

export async function deleteRecoveryCodes(q: Queryable, accountId: string, userId: string) {
  await q.query(`DELETE FROM mfa_recovery_codes WHERE account_id = $1 AND user_id = $2`, [accountId, userId]);
}

// Sign-in challenges (the mfa_token).

export type ChallengeRow = {
  id: string;
  account_id: string;
  user_id: string;
  expires_at: Date;
  used_at: Date | null;
  failed_attempts: number;
};

export async function insertChallenge(
  q: Queryable,
  c: { id: string; accountId: string; userId: string; tokenHash: string; expiresAt: Date; now: Date },
) {
  // Challenges are useless once expired; the user's old ones go as a new one is made.
  await q.query(`DELETE FROM mfa_challenges WHERE account_id = $1 AND user_id = $2 AND expires_at < $3`, [
    c.accountId,
    c.userId,
    new Date(c.now.getTime() - 3_600_000),
  ]);
  await q.query(
    `INSERT INTO mfa_challenges (id, account_id, user_id, token_hash, expires_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [c.id, c.accountId, c.userId, c.tokenHash, c.expiresAt, c.now],
  );
}

/** System path: the token is all the caller has. Locked, so one token is spent once. */
export async function lockChallengeByTokenHash(q: Queryable, tokenHash: string) {
  const { rows } = await q.query<ChallengeRow>(
    `SELECT id, account_id, user_id, expires_at, used_at, failed_attempts
     FROM mfa_challenges WHERE token_hash = $1 FOR UPDATE`,
    [tokenHash],
  );
  return rows[0];
}

export async function markChallengeUsed(q: Queryable, accountId: string, id: string, now: Date) {
  const { rowCount } = await q.query(
    `UPDATE mfa_challenges SET used_at = $3 WHERE account_id = $1 AND id = $2 AND used_at IS NULL`,
    [accountId, id, now],
  );
  return rowCount === 1;
}

export async function countChallengeFailure(q: Queryable, accountId: string, id: string) {
  const { rows } = await q.query<{ failed_attempts: number }>(
    `UPDATE mfa_challenges SET failed_attempts = failed_attempts + 1 WHERE account_id = $1 AND id = $2
     RETURNING failed_attempts`,
    [accountId, id],
  );
  return rows[0]?.failed_attempts ?? 0;
}

// Wrong codes per user: not tenant data (system path only, like login_attempts).

export async function recordFailure(q: Queryable, userId: string, now: Date) {
  await q.query(`INSERT INTO mfa_failures (user_id, created_at) VALUES ($1, $2)`, [userId, now]);
  // Only the last window counts; older failures of this user are dropped as new ones arrive.
  await q.query(`DELETE FROM mfa_failures WHERE user_id = $1 AND created_at < $2`, [
    userId,
    new Date(now.getTime() - 86_400_000),
  ]);
}

export async function failuresSince(q: Queryable, userId: string, since: Date) {
  const { rows } = await q.query<{ n: number; oldest: Date | null }>(
    `SELECT count(*)::int AS n, min(created_at) AS oldest FROM mfa_failures
     WHERE user_id = $1 AND created_at > $2`,
    [userId, since],
  );
  return rows[0] ?? { n: 0, oldest: null };
}
