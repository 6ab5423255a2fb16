import type { Queryable } from '../../db/types';

// Account-wide settings live in accounts.settings (jsonb); a missing key is its default.

export async function accountRequiresMfa(q: Queryable, accountId: string) {
  const { rows } = await q.query<{ on: boolean }>(
    `SELECT coalesce((settings->>'require_mfa')::boolean, false) AS on FROM accounts WHERE id = $1`,
    [accountId],
  );
  return rows[0]?.on === true;
}

export async function setAccountRequiresMfa(q: Queryable, accountId: string, on: boolean) {
  await q.query(
    `UPDATE accounts SET settings = jsonb_set(settings, '{require_mfa}', to_jsonb($2::boolean)) WHERE id = $1`,
    [accountId, on],
  );
}
