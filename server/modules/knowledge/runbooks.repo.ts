import type { Queryable } from '../../db/types';
import type { Runbook } from '../../ai/runbooks/types';

export type RunbookOrigin = 'written' | 'file' | 'proposal' | 'fork';

export type AccountRunbookRow = {
  id: string;
  title: string;
  domain: string;
  document: Runbook;
  origin: RunbookOrigin;
  origin_ref: string | null;
  forked_from: string | null;
  created_at: Date;
  updated_at: Date;
};

const COLUMNS = 'id, title, domain, document, origin, origin_ref, forked_from, created_at, updated_at';

/** The words the search matches: what people report (title, symptoms, keywords, codes) and the causes. */
export const runbookSearchText = (rb: Runbook) =>
  [rb.title, ...rb.symptoms, ...rb.keywords, ...rb.error_codes, ...rb.causes.map((c) => c.text)].join('. ');

export type RunbookValues = {
  runbook: Runbook;
  origin: RunbookOrigin;
  originRef: string | null;
  forkedFrom: string | null;
  contentHash: string;
  userId: string | null;
  now: Date;
};

/** Inserts a runbook; false when the account already has one with this id (nothing changes). */
export async function insertRunbook(tx: Queryable, accountId: string, v: RunbookValues) {
  const { rowCount } = await tx.query(
    `INSERT INTO knowledge_runbooks (account_id, id, title, domain, document, origin, origin_ref, forked_from, content_hash,
       knowledge, created_by, updated_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, to_tsvector('english', $10::text), $11, $11, $12, $12)
     ON CONFLICT (account_id, id) DO NOTHING`,
    [
      accountId,
      v.runbook.id,
      v.runbook.title,
      v.runbook.domain,
      JSON.stringify(v.runbook),
      v.origin,
      v.originRef,
      v.forkedFrom,
      v.contentHash,
      runbookSearchText(v.runbook),
      v.userId,
      v.now,
    ],
  );
  return rowCount === 1;
}

export async function updateRunbook(
  tx: Queryable,
  accountId: string,
  id: string,
  v: { runbook: Runbook; contentHash: string; userId: string; now: Date },
) {
  const { rowCount } = await tx.query(
    `UPDATE knowledge_runbooks SET title = $3, domain = $4, document = $5, content_hash = $6,
       knowledge = to_tsvector('english', $7::text), updated_by = $8, updated_at = $9
     WHERE account_id = $1 AND id = $2`,
    [
      accountId,
      id,
      v.runbook.title,
      v.runbook.domain,
      JSON.stringify(v.runbook),
      v.contentHash,
      runbookSearchText(v.runbook),
      v.userId,
      v.now,
    ],
  );
  return rowCount === 1;
}

export async function findRunbook(tx: Queryable, accountId: string, id: string) {
  const { rows } = await tx.query<AccountRunbookRow>(
    `SELECT ${COLUMNS} FROM knowledge_runbooks WHERE account_id = $1 AND id = $2`,
    [accountId, id],
  );
  return rows[0];
}

export async function findRunbooksByIds(tx: Queryable, accountId: string, ids: string[]) {
  if (!ids.length) return [];
  const { rows } = await tx.query<AccountRunbookRow>(
    `SELECT ${COLUMNS} FROM knowledge_runbooks WHERE account_id = $1 AND id = ANY($2::text[])`,
    [accountId, ids],
  );
  return rows;
}

export async function listRunbooks(tx: Queryable, accountId: string) {
  const { rows } = await tx.query<AccountRunbookRow>(
    `SELECT ${COLUMNS} FROM knowledge_runbooks WHERE account_id = $1 ORDER BY title LIMIT 1000`,
    [accountId],
  );
  return rows;
}

export async function hasRunbookWithHash(tx: Queryable, accountId: string, hash: string) {
  const { rowCount } = await tx.query(
    `SELECT 1 FROM knowledge_runbooks WHERE account_id = $1 AND content_hash = $2 LIMIT 1`,
    [accountId, hash],
  );
  return rowCount === 1;
}

export async function deleteRunbook(tx: Queryable, accountId: string, id: string) {
  const { rowCount } = await tx.query(`DELETE FROM knowledge_runbooks WHERE account_id = $1 AND id = $2`, [
    accountId,
    id,
  ]);
  return rowCount === 1;
}
