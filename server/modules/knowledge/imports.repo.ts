import type { Queryable } from '../../db/types';

export type ImportKind = 'files' | 'psa_history';
export type ImportStatus = 'queued' | 'running' | 'done' | 'failed';
export type ImportFailure = { file: string; reason: string };

export type ImportRow = {
  id: string;
  kind: ImportKind;
  status: ImportStatus;
  total: number;
  done: number;
  imported: number;
  skipped: number;
  failed: ImportFailure[];
  error: string | null;
  since: Date | null;
  cursor: Record<string, unknown> | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
};

const COLUMNS = `id, kind, status, total, done, imported, skipped, failed, error, since, cursor, created_by, created_at,
  updated_at, finished_at`;

export async function insertImport(
  tx: Queryable,
  i: {
    id: string;
    accountId: string;
    kind: ImportKind;
    total: number;
    since?: Date | null;
    userId: string;
    now: Date;
  },
) {
  const { rows } = await tx.query<ImportRow>(
    `INSERT INTO knowledge_imports (id, account_id, kind, status, total, since, created_by, created_at, updated_at)
     VALUES ($1, $2, $3, 'queued', $4, $5, $6, $7, $7) RETURNING ${COLUMNS}`,
    [i.id, i.accountId, i.kind, i.total, i.since ?? null, i.userId, i.now],
  );
  return rows[0]!;
}

export async function findImport(tx: Queryable, accountId: string, id: string) {
  const { rows } = await tx.query<ImportRow>(
    `SELECT ${COLUMNS} FROM knowledge_imports WHERE account_id = $1 AND id = $2`,
    [accountId, id],
  );
  return rows[0];
}

export async function listImports(tx: Queryable, accountId: string, kind?: ImportKind) {
  const { rows } = await tx.query<ImportRow>(
    `SELECT ${COLUMNS} FROM knowledge_imports WHERE account_id = $1 AND ($2::text IS NULL OR kind = $2)
     ORDER BY created_at DESC LIMIT 20`,
    [accountId, kind ?? null],
  );
  return rows;
}

/** An unfinished import of this kind, if any: one runs at a time per account. */
export async function findUnfinished(tx: Queryable, accountId: string, kind: ImportKind) {
  const { rows } = await tx.query<ImportRow>(
    `SELECT ${COLUMNS} FROM knowledge_imports WHERE account_id = $1 AND kind = $2 AND status IN ('queued', 'running')
     ORDER BY created_at LIMIT 1`,
    [accountId, kind],
  );
  return rows[0];
}

export type ImportProgress = {
  total?: number;
  /** Added to the counters. */
  done?: number;
  imported?: number;
  skipped?: number;
  failures?: ImportFailure[];
  cursor?: Record<string, unknown> | null;
  leaseUntil?: Date | null;
};

/** Records progress in one statement; counters only grow, failures are appended. */
export async function recordProgress(
  tx: Queryable,
  accountId: string,
  id: string,
  p: ImportProgress,
  now: Date,
) {
  await tx.query(
    `UPDATE knowledge_imports SET status = 'running', total = COALESCE($3, total), done = done + $4,
       imported = imported + $5, skipped = skipped + $6, failed = failed || $7::jsonb,
       cursor = CASE WHEN $8::boolean THEN $9::jsonb ELSE cursor END,
       lease_until = CASE WHEN $10::boolean THEN $11::timestamptz ELSE lease_until END, updated_at = $12
     WHERE account_id = $1 AND id = $2`,
    [
      accountId,
      id,
      p.total ?? null,
      p.done ?? 0,
      p.imported ?? 0,
      p.skipped ?? 0,
      JSON.stringify(p.failures ?? []),
      p.cursor !== undefined,
      p.cursor === undefined || p.cursor === null ? null : JSON.stringify(p.cursor),
      p.leaseUntil !== undefined,
      p.leaseUntil ?? null,
      now,
    ],
  );
}

export async function finishImport(
  tx: Queryable,
  accountId: string,
  id: string,
  outcome: { status: 'done' | 'failed'; error?: string | null },
  now: Date,
) {
  await tx.query(
    `UPDATE knowledge_imports SET status = $3, error = $4, lease_until = NULL, finished_at = $5, updated_at = $5
     WHERE account_id = $1 AND id = $2`,
    [accountId, id, outcome.status, outcome.error ?? null, now],
  );
}

/**
 * Cross-tenant by nature (called through asSystem by the import workers at start and on their
 * loop): unfinished imports of a kind whose lease ran out, i.e. no live process is working on them.
 */
export async function findAbandoned(q: Queryable, kind: ImportKind, now: Date) {
  const { rows } = await q.query<{ id: string; account_id: string }>(
    `SELECT id, account_id FROM knowledge_imports
     WHERE kind = $1 AND status IN ('queued', 'running') AND (lease_until IS NULL OR lease_until < $2)
     ORDER BY created_at LIMIT 50`,
    [kind, now],
  );
  return rows;
}

/**
 * Keeps unfinished imports marked as worked on by a live process (file imports: their bytes exist
 * only in that process's memory). Tenant-scoped under withTenant; through asSystem, the process's
 * heartbeat renews all it holds at once.
 */
export async function renewLeases(q: Queryable, ids: string[], leaseUntil: Date) {
  if (ids.length === 0) return;
  await q.query(
    `UPDATE knowledge_imports SET lease_until = $2 WHERE id = ANY($1::uuid[]) AND status IN ('queued', 'running')`,
    [ids, leaseUntil],
  );
}

/**
 * At the start of the only process an embedded database can have: every import lease found belongs
 * to a process that died (system path). A PSA history import is then resumed at once and a file
 * import, whose bytes died with that process, is marked failed at once. Returns how many were freed.
 */
export async function releaseAllImportLeases(q: Queryable) {
  const { rowCount } = await q.query(
    `UPDATE knowledge_imports SET lease_until = NULL
     WHERE status IN ('queued', 'running') AND lease_until IS NOT NULL RETURNING id`,
  );
  return rowCount;
}
