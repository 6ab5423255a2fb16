import type { Queryable } from '../../db/types';

/**
 * Locks the rotation's cursor for the rest of the escalation's transaction (concurrent escalations
 * of the account take turns instead of paging the same person) and returns who was paged last.
 */
export async function lockCursor(tx: Queryable, accountId: string, key: string): Promise<string | null> {
  await tx.query(
    `INSERT INTO round_robin_cursors (account_id, rotation_key) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
    [accountId, key],
  );
  const { rows } = await tx.query<{ last_user_id: string | null }>(
    `SELECT last_user_id FROM round_robin_cursors WHERE account_id = $1 AND rotation_key = $2 FOR UPDATE`,
    [accountId, key],
  );
  return rows[0]?.last_user_id ?? null;
}

export async function moveCursor(tx: Queryable, accountId: string, key: string, userId: string, now: Date) {
  await tx.query(
    `UPDATE round_robin_cursors SET last_user_id = $3, updated_at = $4 WHERE account_id = $1 AND rotation_key = $2`,
    [accountId, key, userId, now],
  );
}

/** Open claims (claimed, not resolved) held by each of the given members. */
export async function openClaims(tx: Queryable, accountId: string, userIds: string[]) {
  if (userIds.length === 0) return new Map<string, number>();
  const { rows } = await tx.query<{ claimed_by: string; n: number }>(
    `SELECT claimed_by, count(*)::int AS n FROM handoffs
     WHERE account_id = $1 AND claimed_by = ANY($2::uuid[]) AND resolved_at IS NULL GROUP BY claimed_by`,
    [accountId, userIds],
  );
  return new Map(rows.map((r) => [r.claimed_by, r.n]));
}
