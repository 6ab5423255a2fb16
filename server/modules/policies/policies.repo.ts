import type { EscalationPolicy, PolicyLevel } from '../../../shared/escalation-policy';
import type { Priority } from '../../../shared/sessions';
import type { Queryable } from '../../db/types';
import { newId } from '../../lib/crypto';
import type { Recipient } from '../handoffs/handoffs.repo';

export type PolicyRow = {
  levels: PolicyLevel[];
  repeat: number;
  catch_all: PolicyLevel | null;
  p1_factor: number;
  claim_timeout_minutes: number | null;
  updated_at: Date;
  updated_by: string | null;
  updated_by_name: string | null;
};

export async function findPolicy(tx: Queryable, accountId: string): Promise<PolicyRow | undefined> {
  const { rows } = await tx.query<PolicyRow & { p1_factor: string | number }>(
    `SELECT p.levels, p.repeat, p.catch_all, p.p1_factor, p.claim_timeout_minutes, p.updated_at, p.updated_by, u.name AS updated_by_name
     FROM escalation_policies p LEFT JOIN users u ON u.id = p.updated_by WHERE p.account_id = $1`,
    [accountId],
  );
  const row = rows[0];
  // numeric comes back as a string from node-postgres.
  return row && { ...row, p1_factor: Number(row.p1_factor) };
}

export async function upsertPolicy(
  tx: Queryable,
  accountId: string,
  p: EscalationPolicy,
  userId: string,
  now: Date,
) {
  await tx.query(
    `INSERT INTO escalation_policies (id, account_id, levels, repeat, catch_all, p1_factor, claim_timeout_minutes, updated_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (account_id) DO UPDATE SET levels = EXCLUDED.levels, repeat = EXCLUDED.repeat, catch_all = EXCLUDED.catch_all,
       p1_factor = EXCLUDED.p1_factor, claim_timeout_minutes = EXCLUDED.claim_timeout_minutes,
       updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
    [
      newId(),
      accountId,
      JSON.stringify(p.levels),
      p.repeat,
      p.catch_all ? JSON.stringify(p.catch_all) : null,
      p.p1_factor,
      p.claim_timeout_minutes,
      userId,
      now,
    ],
  );
}

/** Which of `ids` are active, undeleted senior members of the account. */
export async function activeSeniorIds(tx: Queryable, accountId: string, ids: string[]) {
  if (ids.length === 0) return new Set<string>();
  const { rows } = await tx.query<{ id: string }>(
    `SELECT id FROM users WHERE account_id = $1 AND id = ANY($2::uuid[])
       AND role IN ('owner', 'admin', 'engineer') AND is_active AND deleted_at IS NULL`,
    [accountId, ids],
  );
  return new Set(rows.map((r) => r.id));
}

/** Active admins and owners (the claim-timeout's second reminder), except `excludeUserId`. */
export async function activeAdmins(tx: Queryable, accountId: string, excludeUserId: string) {
  const { rows } = await tx.query<Recipient>(
    `SELECT id, email, name, role FROM users
     WHERE account_id = $1 AND role IN ('owner', 'admin') AND is_active AND deleted_at IS NULL AND id <> $2 ORDER BY name`,
    [accountId, excludeUserId],
  );
  return rows;
}

type DueRow = { id: string; account_id: string };

/** System path (every account): unclaimed open escalations whose next policy level is due. */
export async function dueEscalations(q: Queryable, now: Date, limit: number) {
  const { rows } = await q.query<DueRow>(
    `SELECT id, account_id FROM handoffs
     WHERE next_fire_at IS NOT NULL AND intent = 'escalate' AND claimed_by IS NULL AND resolved_at IS NULL AND next_fire_at <= $1
     ORDER BY next_fire_at LIMIT $2`,
    [now, limit],
  );
  return rows;
}

/** System path (every account): claims whose claim-timeout reminder is due. */
export async function dueClaimReminders(q: Queryable, now: Date, limit: number) {
  const { rows } = await q.query<DueRow>(
    `SELECT id, account_id FROM handoffs
     WHERE claim_reminder_at IS NOT NULL AND claimed_by IS NOT NULL AND resolved_at IS NULL AND claim_reminder_at <= $1
     ORDER BY claim_reminder_at LIMIT $2`,
    [now, limit],
  );
  return rows;
}

export type PolicyState = {
  id: string;
  session_id: string;
  policy: EscalationPolicy | null;
  policy_level: number;
  priority: Priority;
  claimed_by: string | null;
  claimed_at: Date | null;
  /** The claimer's first action since the claim (recorded by the session use cases, reset on re-claim). */
  first_action_at: Date | null;
  claim_reminders_sent: number;
};

const STATE = `SELECT id, session_id, policy, policy_level, priority, claimed_by, claimed_at, first_action_at, claim_reminders_sent FROM handoffs`;

/**
 * Locks an escalation whose next level is still due, inside the transaction that fires it. Another
 * worker holding the lock makes this skip it; once the firing commits the row is no longer due, so a
 * level fires exactly once however many workers run.
 */
export async function lockDueEscalation(tx: Queryable, accountId: string, id: string, now: Date) {
  const { rows } = await tx.query<PolicyState>(
    `${STATE} WHERE account_id = $1 AND id = $2 AND intent = 'escalate' AND claimed_by IS NULL AND resolved_at IS NULL
       AND next_fire_at <= $3 FOR UPDATE SKIP LOCKED`,
    [accountId, id, now],
  );
  return rows[0];
}

export async function lockDueClaimReminder(tx: Queryable, accountId: string, id: string, now: Date) {
  const { rows } = await tx.query<PolicyState>(
    `${STATE} WHERE account_id = $1 AND id = $2 AND claimed_by IS NOT NULL AND resolved_at IS NULL
       AND claim_reminder_at <= $3 FOR UPDATE SKIP LOCKED`,
    [accountId, id, now],
  );
  return rows[0];
}

export async function advancePolicy(
  tx: Queryable,
  accountId: string,
  id: string,
  level: number,
  nextFireAt: Date | null,
) {
  await tx.query(
    `UPDATE handoffs SET policy_level = $3, next_fire_at = $4 WHERE account_id = $1 AND id = $2`,
    [accountId, id, level, nextFireAt],
  );
}

export async function setClaimReminder(
  tx: Queryable,
  accountId: string,
  id: string,
  sent: number,
  at: Date | null,
) {
  await tx.query(
    `UPDATE handoffs SET claim_reminders_sent = $3, claim_reminder_at = $4 WHERE account_id = $1 AND id = $2`,
    [accountId, id, sent, at],
  );
}
