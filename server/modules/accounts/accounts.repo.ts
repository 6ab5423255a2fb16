import type { Queryable } from '../../db/types';

/** The tenant row itself; written inside the new tenant's own scope, so RLS checks it too. */
export async function insertAccount(tx: Queryable, id: string, name: string, now: Date) {
  await tx.query(`INSERT INTO accounts (id, name, created_at) VALUES ($1, $2, $3)`, [id, name, now]);
}

/** Cross-tenant (system path): how many accounts exist, so the demo seed runs on an empty database only. */
export async function countAccounts(q: Queryable) {
  const { rows } = await q.query<{ n: number }>('SELECT count(*) AS n FROM accounts');
  return rows[0]?.n ?? 0;
}
