import type { Queryable } from '../../../db/types';

/**
 * Where a PSA history import stands, kept in knowledge_imports.cursor. `owner` is the token of the
 * worker run holding the lease: every write of a run checks it, so a run that lost its lease (it
 * stalled and another process took the import over) changes nothing.
 */
export type HistoryCursor = {
  /** Tickets with ids up to this one are done (imported, skipped or recorded as failed). */
  after_id: number;
  /** The total was asked of the PSA (once per import, not again on resume). */
  counted: boolean;
  owner: string;
};

export type ClaimedImport = {
  id: string;
  since: Date;
  created_at: Date;
  created_by: string | null;
  cursor: HistoryCursor;
};

/**
 * Serialises starts within one account until the transaction ends, so two clicks at once cannot
 * both find no running import and start two.
 */
export async function lockAccountImports(tx: Queryable, accountId: string) {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`psa_history:${accountId}`]);
}

/**
 * Takes an unfinished import whose lease is free or ran out. The conditional UPDATE is the whole
 * race: of two processes, the second one re-reads the row after the first commits and finds the
 * lease taken. Returns the import with its cursor (the new owner written in), or undefined.
 */
export async function claimImport(
  tx: Queryable,
  accountId: string,
  id: string,
  owner: string,
  leaseUntil: Date,
  now: Date,
) {
  const { rows } = await tx.query<{
    id: string;
    since: Date | null;
    created_at: Date;
    created_by: string | null;
    cursor: Partial<HistoryCursor> | null;
  }>(
    `UPDATE knowledge_imports SET status = 'running', lease_until = $4, updated_at = $5,
       cursor = COALESCE(cursor, '{}'::jsonb) || jsonb_build_object('owner', $3::text)
     WHERE account_id = $1 AND id = $2 AND kind = 'psa_history' AND status IN ('queued', 'running')
       AND (lease_until IS NULL OR lease_until < $5)
     RETURNING id, since, created_at, created_by, cursor`,
    [accountId, id, owner, leaseUntil, now],
  );
  const row = rows[0];
  if (!row) return undefined;
  const claimed: ClaimedImport = {
    id: row.id,
    // Imports are created with a date; an old row without one reads everything up to a year back.
    since: row.since ?? new Date(row.created_at.getTime() - 365 * 86_400_000),
    created_at: row.created_at,
    created_by: row.created_by,
    cursor: {
      after_id: Number(row.cursor?.after_id ?? 0),
      counted: Boolean(row.cursor?.counted),
      owner,
    },
  };
  return claimed;
}

/**
 * Locks the import row for the rest of the transaction if this run still owns it. A page's articles
 * and its cursor are written after this, in the same transaction.
 */
export async function holdImport(tx: Queryable, accountId: string, id: string, owner: string) {
  const { rowCount } = await tx.query(
    `SELECT id FROM knowledge_imports
     WHERE account_id = $1 AND id = $2 AND status = 'running' AND cursor->>'owner' = $3 FOR UPDATE`,
    [accountId, id, owner],
  );
  return rowCount === 1;
}

/** Extends the lease while a run works; false when the run no longer owns the import. */
export async function renewLease(
  tx: Queryable,
  accountId: string,
  id: string,
  owner: string,
  leaseUntil: Date,
) {
  const { rowCount } = await tx.query(
    `UPDATE knowledge_imports SET lease_until = $4
     WHERE account_id = $1 AND id = $2 AND status = 'running' AND cursor->>'owner' = $3 RETURNING id`,
    [accountId, id, owner, leaseUntil],
  );
  return rowCount === 1;
}

/** On shutdown: the next process may continue at once instead of waiting for the lease to run out. */
export async function releaseLease(tx: Queryable, accountId: string, id: string, owner: string) {
  await tx.query(
    `UPDATE knowledge_imports SET lease_until = NULL
     WHERE account_id = $1 AND id = $2 AND status = 'running' AND cursor->>'owner' = $3`,
    [accountId, id, owner],
  );
}
