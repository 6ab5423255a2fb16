import type { Queryable } from '../../db/types';

export type AuditEntry = {
  accountId: string;
  actorUserId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  details?: Record<string, unknown>;
};

export async function insertAudit(tx: Queryable, e: AuditEntry, now: Date): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (account_id, actor_user_id, action, target_type, target_id, details, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [e.accountId, e.actorUserId, e.action, e.targetType, e.targetId, JSON.stringify(e.details ?? {}), now],
  );
}

/** Which entries to read; every field is optional except the account. */
export type AuditFilter = {
  accountId: string;
  /** Exact action, or a prefix when it ends with a dot (`mfa.` matches `mfa.totp_enabled`). */
  action?: string;
  actorUserId?: string;
  targetType?: string;
  /** Inclusive lower bound. */
  from?: Date;
  /** Exclusive upper bound. */
  before?: Date;
};

export type AuditRow = {
  id: string;
  created_at: Date;
  action: string;
  actor_user_id: string | null;
  actor_name: string | null;
  actor_email: string | null;
  target_type: string;
  target_id: string | null;
  details: Record<string, unknown> | null;
};

/** The WHERE clause of a filter, with its parameters ($1 is always the account). */
function whereOf(f: AuditFilter) {
  const params: unknown[] = [f.accountId];
  const where = ['a.account_id = $1'];
  const add = (sql: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(sql(params.length));
  };
  if (f.action !== undefined) {
    // A prefix is compared with left() rather than LIKE, so `_` in action names needs no escaping.
    if (f.action.endsWith('.')) add((n) => `left(a.action, length($${n}::text)) = $${n}::text`, f.action);
    else add((n) => `a.action = $${n}`, f.action);
  }
  if (f.actorUserId !== undefined) add((n) => `a.actor_user_id = $${n}`, f.actorUserId);
  if (f.targetType !== undefined) add((n) => `a.target_type = $${n}`, f.targetType);
  if (f.from !== undefined) add((n) => `a.created_at >= $${n}`, f.from);
  if (f.before !== undefined) add((n) => `a.created_at < $${n}`, f.before);
  return { where, params };
}

const SELECT = `SELECT a.id::text AS id, a.created_at, a.action, a.actor_user_id, u.name AS actor_name,
       u.email AS actor_email, a.target_type, a.target_id, a.details
  FROM audit_log a
  LEFT JOIN users u ON u.id = a.actor_user_id AND u.account_id = a.account_id`;

/**
 * Newest first (created_at, then id), at most `limit` rows. `afterId` continues a listing: only rows
 * strictly older than that entry (keyset paging, served by audit_log_account_idx). The cursor row is
 * looked up in the same account, so another account's id yields nothing.
 */
export async function listAudit(tx: Queryable, f: AuditFilter, page: { limit: number; afterId?: string }) {
  const { where, params } = whereOf(f);
  if (page.afterId !== undefined) {
    params.push(page.afterId);
    const n = params.length;
    where.push(
      `(a.created_at, a.id) < (SELECT c.created_at, c.id FROM audit_log c WHERE c.account_id = $1 AND c.id = $${n}::bigint)`,
    );
  }
  params.push(page.limit);
  const { rows } = await tx.query<AuditRow>(
    `${SELECT} WHERE ${where.join(' AND ')} ORDER BY a.created_at DESC, a.id DESC LIMIT $${params.length}`,
    params,
  );
  return rows;
}
