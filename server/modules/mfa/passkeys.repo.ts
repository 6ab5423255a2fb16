import type { Queryable } from '../../db/types';

/** SQL of passkeys (WebAuthn). Every query names the account and the user. */

export type PasskeyRow = {
  id: string;
  credential_id: string;
  public_key: string;
  counter: number;
  transports: string[];
  name: string;
  created_at: Date;
  last_used_at: Date | null;
};

const COLUMNS = `id, credential_id, public_key, counter::float8 AS counter, transports, name, created_at, last_used_at`;

export async function listPasskeys(q: Queryable, accountId: string, userId: string) {
  const { rows } = await q.query<PasskeyRow>(
    `SELECT ${COLUMNS} FROM mfa_passkeys WHERE account_id = $1 AND user_id = $2 ORDER BY created_at, id`,
    [accountId, userId],
  );
  return rows;
}

export async function countPasskeys(q: Queryable, accountId: string, userId: string) {
  const { rows } = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM mfa_passkeys WHERE account_id = $1 AND user_id = $2`,
    [accountId, userId],
  );
  return rows[0]?.n ?? 0;
}

/** The user's passkey with this credential id, locked so two uses cannot both move the counter. */
export async function lockPasskeyByCredential(
  q: Queryable,
  accountId: string,
  userId: string,
  credentialId: string,
) {
  const { rows } = await q.query<PasskeyRow>(
    `SELECT ${COLUMNS} FROM mfa_passkeys
     WHERE account_id = $1 AND user_id = $2 AND credential_id = $3 FOR UPDATE`,
    [accountId, userId, credentialId],
  );
  return rows[0];
}

export async function insertPasskey(
  q: Queryable,
  p: {
    id: string;
    accountId: string;
    userId: string;
    credentialId: string;
    publicKey: string;
    counter: number;
    transports: string[];
    name: string;
    now: Date;
  },
) {
  const { rowCount } = await q.query(
    `INSERT INTO mfa_passkeys (id, account_id, user_id, credential_id, public_key, counter, transports, name, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (user_id, credential_id) DO NOTHING`,
    [p.id, p.accountId, p.userId, p.credentialId, p.publicKey, p.counter, p.transports, p.name, p.now],
  );
  return rowCount === 1;
}

/** Records a use: the new counter (only forwards, or both zero) and the time. */
export async function recordPasskeyUse(
  q: Queryable,
  accountId: string,
  id: string,
  counter: number,
  now: Date,
) {
  const { rowCount } = await q.query(
    `UPDATE mfa_passkeys SET counter = $3, last_used_at = $4
     WHERE account_id = $1 AND id = $2 AND (counter < $3 OR (counter = 0 AND $3 = 0))`,
    [accountId, id, counter, now],
  );
  return rowCount === 1;
}

export async function deletePasskey(q: Queryable, accountId: string, userId: string, id: string) {
  const { rowCount } = await q.query(
    `DELETE FROM mfa_passkeys WHERE account_id = $1 AND user_id = $2 AND id = $3`,
    [accountId, userId, id],
  );
  return rowCount === 1;
}

// Registrations in progress.

export async function putRegistrationChallenge(
  q: Queryable,
  r: { accountId: string; userId: string; challenge: string; expiresAt: Date },
) {
  await q.query(
    `INSERT INTO mfa_passkey_registrations (user_id, account_id, challenge, expires_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (user_id) DO UPDATE SET challenge = EXCLUDED.challenge, expires_at = EXCLUDED.expires_at
     WHERE mfa_passkey_registrations.account_id = EXCLUDED.account_id`,
    [r.userId, r.accountId, r.challenge, r.expiresAt],
  );
}

/** Takes (deletes) the user's pending registration challenge: each is answered once. */
export async function takeRegistrationChallenge(q: Queryable, accountId: string, userId: string) {
  const { rows } = await q.query<{ challenge: string; expires_at: Date }>(
    `DELETE FROM mfa_passkey_registrations WHERE account_id = $1 AND user_id = $2
     RETURNING challenge, expires_at`,
    [accountId, userId],
  );
  return rows[0];
}

// The sign-in step's challenge, kept on its mfa_challenges row.

export async function setSignInChallenge(q: Queryable, accountId: string, id: string, challenge: string) {
  await q.query(`UPDATE mfa_challenges SET webauthn_challenge = $3 WHERE account_id = $1 AND id = $2`, [
    accountId,
    id,
    challenge,
  ]);
}

/** Takes (clears) the sign-in's WebAuthn challenge: one answer per challenge, right or wrong. */
export async function takeSignInChallenge(q: Queryable, accountId: string, id: string) {
  const { rows } = await q.query<{ challenge: string | null }>(
    `UPDATE mfa_challenges c SET webauthn_challenge = NULL
     FROM (SELECT webauthn_challenge AS challenge FROM mfa_challenges WHERE account_id = $1 AND id = $2) old
     WHERE c.account_id = $1 AND c.id = $2
     RETURNING old.challenge`,
    [accountId, id],
  );
  return rows[0]?.challenge ?? null;
}
