import type { Queryable } from '../../db/types';

/** A token as its owner sees it: never the secret, which exists only in the create response. */
export type ApiTokenRow = { id: string; name: string; created_at: Date; last_used_at: Date | null };

export async function insertApiToken(
  tx: Queryable,
  t: { id: string; accountId: string; userId: string; name: string; tokenHash: string; now: Date },
) {
  const { rows } = await tx.query<ApiTokenRow>(
    `INSERT INTO api_tokens (id, account_id, user_id, name, token_hash, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, name, created_at, last_used_at`,
    [t.id, t.accountId, t.userId, t.name, t.tokenHash, t.now],
  );
  return rows[0]!;
}

/** The user's tokens that still work, newest first. */
export async function listActiveApiTokens(tx: Queryable, accountId: string, userId: string) {
  const { rows } = await tx.query<ApiTokenRow>(
    `SELECT id, name, created_at, last_used_at FROM api_tokens
       WHERE account_id = $1 AND user_id = $2 AND revoked_at IS NULL ORDER BY created_at DESC`,
    [accountId, userId],
  );
  return rows;
}

/** Revokes one of the user's own live tokens; false when there is none by that id. */
export async function markApiTokenRevoked(
  tx: Queryable,
  accountId: string,
  userId: string,
  tokenId: string,
  now: Date,
) {
  const { rowCount } = await tx.query(
    `UPDATE api_tokens SET revoked_at = $4 WHERE account_id = $1 AND user_id = $2 AND id = $3 AND revoked_at IS NULL RETURNING id`,
    [accountId, userId, tokenId, now],
  );
  return rowCount === 1;
}

/** Revokes every live token of the user (a password reset); returns how many. */
export async function revokeAllApiTokensOfUser(tx: Queryable, accountId: string, userId: string, now: Date) {
  const { rowCount } = await tx.query(
    `UPDATE api_tokens SET revoked_at = $3 WHERE account_id = $1 AND user_id = $2 AND revoked_at IS NULL`,
    [accountId, userId, now],
  );
  return rowCount ?? 0;
}
