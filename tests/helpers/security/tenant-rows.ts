import type { Database } from '../../../server/db/types';

/**
 * Columns that legitimately move on a request that changes nothing: "last seen" stamps written by
 * authentication itself. Everything else in a tenant row counts as state.
 */
const VOLATILE_COLUMNS = ['last_login_at', 'last_seen_at', 'last_used_at'];

/** Every base table with an `account_id` column: the same rule security.sql uses to apply RLS. */
export async function tenantTables(db: Database): Promise<string[]> {
  const { rows } = await db.query<{ table_name: string }>(
    `SELECT c.table_name FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
     WHERE c.table_schema = 'public' AND c.column_name = 'account_id' AND t.table_type = 'BASE TABLE'
     ORDER BY c.table_name`,
  );
  return rows.map((r) => r.table_name);
}

export type TenantSnapshot = Record<string, string[]>;

/**
 * All of one account's rows, table by table, as sorted JSON text. Read on the system connection
 * (not through RLS): the point is to see the rows whatever the application could see.
 */
export async function snapshotAccount(
  db: Database,
  accountId: string,
  tables?: string[],
): Promise<TenantSnapshot> {
  const out: TenantSnapshot = {};
  for (const table of tables ?? (await tenantTables(db))) {
    const { rows } = await db.query<{ row: string }>(
      `SELECT (to_jsonb(x) - $2::text[])::text AS row FROM "${table}" x WHERE account_id = $1 ORDER BY 1`,
      [accountId, VOLATILE_COLUMNS],
    );
    out[table] = rows.map((r) => r.row);
  }
  return out;
}

/** The tables whose rows differ between two snapshots, with a short sample of what changed. */
export function diffSnapshots(before: TenantSnapshot, after: TenantSnapshot) {
  const changes: { table: string; removed: string[]; added: string[] }[] = [];
  for (const table of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = new Set(before[table] ?? []);
    const b = new Set(after[table] ?? []);
    const removed = [...a].filter((r) => !b.has(r));
    const added = [...b].filter((r) => !a.has(r));
    if (removed.length || added.length) {
      changes.push({
        table,
        removed: removed.slice(0, 2).map((r) => r.slice(0, 400)),
        added: added.slice(0, 2).map((r) => r.slice(0, 400)),
      });
    }
  }
  return changes;
}

/** Tables whose rows carry the volatile stamps: their fingerprint hashes the content without them. */
const STAMPED_TABLES = new Set(['users', 'auth_sessions', 'api_tokens']);

/**
 * A cheap fingerprint of one account's state, in one query. Every committed insert, update or
 * delete changes it: rows are counted, and each row's `xmin` (the transaction that last wrote it)
 * is summed, so no row has to be serialised. The few tables that authentication itself stamps
 * (last seen, last login) are hashed without those columns instead. Equal fingerprints before and
 * after a request mean the request committed no change to the account.
 */
export async function fingerprintQuery(db: Database) {
  const tables = await tenantTables(db);
  const sql = tables
    .map((t) =>
      STAMPED_TABLES.has(t)
        ? `SELECT '${t}' AS t, count(*)::int AS n, md5(coalesce(string_agg(h, ',' ORDER BY h), '')) AS h
           FROM (SELECT md5((to_jsonb(x) - $2::text[])::text) AS h FROM "${t}" x WHERE account_id = $1) s`
        : `SELECT '${t}' AS t, count(*)::int AS n, coalesce(sum(xmin::text::bigint), 0)::text AS h FROM "${t}" WHERE account_id = $1`,
    )
    .join(' UNION ALL ');
  return async (accountId: string): Promise<string> => {
    const { rows } = await db.query<{ t: string; n: number; h: string }>(sql, [accountId, VOLATILE_COLUMNS]);
    return rows.map((r) => `${r.t}:${r.n}:${r.h}`).join('|');
  };
}

/**
 * The next transaction id the database will hand out. Reads never take one; any transaction that
 * writes (or locks a row) does. Unchanged across a request means the request wrote nothing at all,
 * anywhere, so the full fingerprint need not be compared. (On a shared PostgreSQL cluster other
 * databases take ids too; that only means the full comparison runs more often.)
 */
export async function nextTransactionId(db: Database): Promise<string> {
  const { rows } = await db.query<{ xid: string }>(
    `SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xid`,
  );
  return rows[0]!.xid;
}
