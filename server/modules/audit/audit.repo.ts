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
