import type { Queryable } from '../../db/types';

/** A member's own browser sign-in (a row of auth_sessions), as the member may see it. */
export type SignInSessionRow = {
  id: string;
  created_at: Date;
  last_seen_at: Date;
  user_agent: string | null;
};

const LIVE = `revoked_at IS NULL AND expires_at > $3`;

export async function listLiveSessionsOfUser(tx: Queryable, accountId: string, userId: string, now: Date) {
  const { rows } = await tx.query<SignInSessionRow>(
    `SELECT id, created_at, last_seen_at, user_agent FROM auth_sessions
     WHERE account_id = $1 AND user_id = $2 AND ${LIVE}
     ORDER BY created_at DESC, id DESC`,
    [accountId, userId, now],
  );
  return rows;
}

/** Revokes one live session of the user; false when there is none by that id (theirs and live). */
export async function revokeSessionOfUser(
  tx: Queryable,
  accountId: string,
  userId: string,
  sessionId: string,
  now: Date,
) {
  const { rowCount } = await tx.query(
    `UPDATE auth_sessions SET revoked_at = $3
     WHERE account_id = $1 AND user_id = $2 AND id = $4 AND ${LIVE}`,
    [accountId, userId, now, sessionId],
  );
  return rowCount > 0;
}

/** Revokes every live session of the user but `keepId`; returns how many. */
export async function revokeOtherSessionsOfUser(
  tx: Queryable,
  accountId: string,
  userId: string,
  keepId: string,
  now: Date,
) {
  const { rows } = await tx.query<{ id: string }>(
    `UPDATE auth_sessions SET revoked_at = $3
     WHERE account_id = $1 AND user_id = $2 AND id <> $4 AND ${LIVE} RETURNING id`,
    [accountId, userId, now, keepId],
  );
  return rows.map((r) => r.id);
}
