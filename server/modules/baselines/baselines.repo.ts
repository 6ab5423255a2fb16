import type { Queryable } from '../../db/types';

/** A stopwatch timing of one verbal handoff ("tell me what you tried"), the manual baseline. */
export type BaselineRow = {
  id: string;
  user_id: string;
  seconds: number;
  note: string | null;
  measured_at: Date;
  created_at: Date;
};

const COLUMNS = 'id, user_id, seconds, note, measured_at, created_at';

export async function insertBaseline(
  tx: Queryable,
  b: {
    id: string;
    accountId: string;
    userId: string;
    seconds: number;
    note: string | null;
    measuredAt: Date;
    now: Date;
  },
) {
  const { rows } = await tx.query<BaselineRow>(
    `INSERT INTO baseline_measurements (id, account_id, user_id, seconds, note, measured_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
    [b.id, b.accountId, b.userId, b.seconds, b.note, b.measuredAt, b.now],
  );
  return rows[0]!;
}

/** One user's measurements, newest first (at most 500). */
export async function listUserBaselines(tx: Queryable, accountId: string, userId: string) {
  const { rows } = await tx.query<BaselineRow>(
    `SELECT ${COLUMNS} FROM baseline_measurements WHERE account_id = $1 AND user_id = $2 ORDER BY measured_at DESC LIMIT 500`,
    [accountId, userId],
  );
  return rows;
}

/** The whole account's count and median, the context a user's own figures are read against. */
export async function accountBaselineSummary(tx: Queryable, accountId: string) {
  const { rows } = await tx.query<{ n: number; median: number | null }>(
    `SELECT count(*) AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS median FROM baseline_measurements WHERE account_id = $1`,
    [accountId],
  );
  return { n: Number(rows[0]!.n), median: rows[0]!.median };
}

/** Deletes one of the user's own measurements; false when there is none by that id. */
export async function deleteUserBaseline(tx: Queryable, accountId: string, userId: string, id: string) {
  const { rowCount } = await tx.query(
    `DELETE FROM baseline_measurements WHERE account_id = $1 AND user_id = $2 AND id = $3 RETURNING id`,
    [accountId, userId, id],
  );
  return rowCount === 1;
}
