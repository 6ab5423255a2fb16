import type { EscalationPolicy } from '../../../shared/escalation-policy';
import type { Role } from '../../../shared/roles';
import type { Priority } from '../../../shared/sessions';
import type { Assessment, HandoffSnapshot } from '../../ai/types';
import type { Queryable } from '../../db/types';
import type { PagedEntry } from '../policies/level-targets';

export type HandoffRow = {
  id: string;
  account_id: string;
  session_id: string;
  intent: 'park' | 'escalate';
  handed_off_by: string;
  handed_off_by_name: string;
  target_user_id: string | null;
  engineer_notes: string;
  priority: Priority;
  snapshot: HandoffSnapshot;
  assessment: Assessment | null;
  assessment_status: 'pending' | 'ready' | 'unavailable';
  claimed_by: string | null;
  claimed_by_name: string | null;
  claimed_at: Date | null;
  released_at: Date | null;
  resolved_at: Date | null;
  policy_level: number;
  /** The escalation policy snapshotted at escalation (null for parks). */
  policy: EscalationPolicy | null;
  /** Who the last fired policy stage paged, and why (SPEC §15). */
  paged: PagedEntry[];
  created_at: Date;
};

const SELECT = `
  SELECT h.id, h.account_id, h.session_id, h.intent, h.handed_off_by, b.name AS handed_off_by_name, h.target_user_id,
         h.engineer_notes, h.priority, h.snapshot, h.assessment, h.assessment_status, h.claimed_by, c.name AS claimed_by_name,
         h.claimed_at, h.released_at, h.resolved_at, h.policy_level, h.policy, h.paged, h.created_at
  FROM handoffs h JOIN users b ON b.id = h.handed_off_by LEFT JOIN users c ON c.id = h.claimed_by`;

export async function findHandoff(tx: Queryable, accountId: string, id: string) {
  const { rows } = await tx.query<HandoffRow>(`${SELECT} WHERE h.account_id = $1 AND h.id = $2`, [
    accountId,
    id,
  ]);
  return rows[0];
}

export async function listForSession(tx: Queryable, accountId: string, sessionId: string) {
  const { rows } = await tx.query<HandoffRow>(
    `${SELECT} WHERE h.account_id = $1 AND h.session_id = $2 ORDER BY h.created_at DESC`,
    [accountId, sessionId],
  );
  return rows;
}

/** The queue: unclaimed, open escalations of the account except the caller's own, oldest first. */
export async function queue(tx: Queryable, accountId: string, excludeUserId: string) {
  const { rows } = await tx.query<HandoffRow>(
    `${SELECT} WHERE h.account_id = $1 AND h.intent = 'escalate' AND h.claimed_by IS NULL AND h.resolved_at IS NULL
       AND h.handed_off_by <> $2 ORDER BY h.created_at ASC LIMIT 500`,
    [accountId, excludeUserId],
  );
  return rows;
}

export type NewHandoff = {
  id: string;
  accountId: string;
  sessionId: string;
  intent: 'park' | 'escalate';
  by: string;
  target: string | null;
  notes: string;
  priority: Priority;
  snapshot: HandoffSnapshot;
  now: Date;
  policy?: EscalationPolicy | null;
  nextFireAt?: Date | null;
  paged?: PagedEntry[];
};

export async function insertHandoff(tx: Queryable, h: NewHandoff) {
  await tx.query(
    `INSERT INTO handoffs (id, account_id, session_id, intent, handed_off_by, target_user_id, engineer_notes, priority, snapshot,
                           assessment_status, created_at, policy, next_fire_at, paged)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      h.id,
      h.accountId,
      h.sessionId,
      h.intent,
      h.by,
      h.target,
      h.notes,
      h.priority,
      JSON.stringify(h.snapshot),
      h.intent === 'park' ? 'unavailable' : 'pending',
      h.now,
      h.policy ? JSON.stringify(h.policy) : null,
      h.nextFireAt ?? null,
      JSON.stringify(h.paged ?? []),
    ],
  );
}

/**
 * The row `insertHandoff(h)` just wrote, as `findHandoff` would read it back, built from the same
 * values instead of a read after the write (one statement less on every escalation). `byName` is
 * the escalator's name, the one the snapshot records.
 */
export function insertedHandoff(h: NewHandoff, byName: string): HandoffRow {
  return {
    id: h.id,
    account_id: h.accountId,
    session_id: h.sessionId,
    intent: h.intent,
    handed_off_by: h.by,
    handed_off_by_name: byName,
    target_user_id: h.target,
    engineer_notes: h.notes,
    priority: h.priority,
    snapshot: h.snapshot,
    assessment: null,
    assessment_status: h.intent === 'park' ? 'unavailable' : 'pending',
    claimed_by: null,
    claimed_by_name: null,
    claimed_at: null,
    released_at: null,
    resolved_at: null,
    policy_level: 0,
    policy: h.policy ?? null,
    paged: h.paged ?? [],
    created_at: h.now,
  };
}

/** Records who a later policy stage paged (the firing's transaction). */
export async function setPaged(tx: Queryable, accountId: string, id: string, paged: PagedEntry[]) {
  await tx.query(`UPDATE handoffs SET paged = $3 WHERE account_id = $1 AND id = $2`, [
    accountId,
    id,
    JSON.stringify(paged),
  ]);
}

/**
 * The claim race is decided here: exactly one UPDATE finds claimed_by still empty. A claim stops the
 * escalation policy and arms the claim-timeout reminder when the policy has one.
 */
export async function claim(
  tx: Queryable,
  accountId: string,
  id: string,
  userId: string,
  now: Date,
  claimReminderAt: Date | null = null,
) {
  const { rowCount } = await tx.query(
    `UPDATE handoffs SET claimed_by = $3, claimed_at = $4, first_action_at = NULL, next_fire_at = NULL, claim_reminder_at = $5, claim_reminders_sent = 0
     WHERE account_id = $1 AND id = $2 AND intent = 'escalate' AND claimed_by IS NULL AND resolved_at IS NULL RETURNING id`,
    [accountId, id, userId, now, claimReminderAt],
  );
  return rowCount === 1;
}

/** Back to the queue; the policy restarts with `nextFireAt` (its next unfired stage) and reminders stop. */
export async function release(
  tx: Queryable,
  accountId: string,
  id: string,
  now: Date,
  nextFireAt: Date | null = null,
) {
  const { rowCount } = await tx.query(
    `UPDATE handoffs SET claimed_by = NULL, claimed_at = NULL, first_action_at = NULL, released_at = $3, next_fire_at = $4, claim_reminder_at = NULL
     WHERE account_id = $1 AND id = $2 AND claimed_by IS NOT NULL AND resolved_at IS NULL RETURNING id`,
    [accountId, id, now, nextFireAt],
  );
  return rowCount === 1;
}

/** Closes the session's open escalation when the session is resolved; returns it, if there was one. */
export async function resolveOpenFor(tx: Queryable, accountId: string, sessionId: string, now: Date) {
  const { rows } = await tx.query<{ id: string }>(
    `UPDATE handoffs SET resolved_at = $3 WHERE account_id = $1 AND session_id = $2 AND intent = 'escalate' AND resolved_at IS NULL RETURNING id`,
    [accountId, sessionId, now],
  );
  return rows[0];
}

/** Locks the session row first: claim and resolve take their locks in the same order, so they never deadlock. */
export async function lockSession(tx: Queryable, accountId: string, sessionId: string) {
  const { rows } = await tx.query<{ status: string; user_id: string }>(
    `SELECT status, user_id FROM sessions WHERE account_id = $1 AND id = $2 FOR UPDATE`,
    [accountId, sessionId],
  );
  return rows[0];
}

export type Recipient = { id: string; email: string; name: string; role: Role };

/** Who hears about an escalation: active senior members of the account, never the escalator. */
export async function seniorRecipients(tx: Queryable, accountId: string, excludeUserId: string) {
  const { rows } = await tx.query<Recipient>(
    `SELECT id, email, name, role FROM users
     WHERE account_id = $1 AND role IN ('owner', 'admin', 'engineer') AND is_active AND deleted_at IS NULL AND id <> $2
     ORDER BY name`,
    [accountId, excludeUserId],
  );
  return rows;
}

export async function saveAssessment(
  tx: Queryable,
  accountId: string,
  id: string,
  status: 'ready' | 'unavailable',
  assessment: Assessment | null,
) {
  const { rowCount } = await tx.query(
    `UPDATE handoffs SET assessment_status = $3, assessment = $4 WHERE account_id = $1 AND id = $2 AND assessment_status = 'pending' RETURNING id`,
    [accountId, id, status, assessment ? JSON.stringify(assessment) : null],
  );
  return rowCount === 1;
}

/**
 * Takes the lease on the oldest pending assessment (system path: workers serve every account).
 * `assessment_started_at` is the lease's last sign of life: set when taken, moved on by the holder's
 * heartbeat. One not renewed for `staleAfterMs` belongs to a worker that died and is taken over.
 */
export async function leasePendingAssessment(q: Queryable, now: Date, staleAfterMs: number) {
  const { rows } = await q.query<{ id: string; account_id: string }>(
    `UPDATE handoffs SET assessment_started_at = $1
     WHERE id = (SELECT id FROM handoffs WHERE assessment_status = 'pending'
                   AND (assessment_started_at IS NULL OR assessment_started_at < $2)
                 ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
     RETURNING id, account_id`,
    [now, new Date(now.getTime() - staleAfterMs)],
  );
  return rows[0];
}

/**
 * The heartbeat of an assessment in hand. The time the holder last wrote is its token: the update
 * applies only if nobody took the lease over since (a taker writes its own time), so a worker that
 * lost the lease never renews the new holder's. Returns the new time, or null when the lease is gone
 * (taken over, or the assessment is stored).
 */
export async function renewAssessmentLease(
  tx: Queryable,
  accountId: string,
  id: string,
  heldSince: Date,
  now: Date,
) {
  const { rowCount } = await tx.query(
    `UPDATE handoffs SET assessment_started_at = $4
     WHERE account_id = $1 AND id = $2 AND assessment_status = 'pending' AND assessment_started_at = $3 RETURNING id`,
    [accountId, id, heldSince, now],
  );
  return rowCount === 1 ? now : null;
}

/**
 * At the start of the only process an embedded database can have: every assessment lease found
 * belongs to a process that died, so its assessments are free now (system path). Returns how many.
 */
export async function releaseAllAssessmentLeases(q: Queryable) {
  const { rowCount } = await q.query(
    `UPDATE handoffs SET assessment_started_at = NULL
     WHERE assessment_status = 'pending' AND assessment_started_at IS NOT NULL RETURNING id`,
  );
  return rowCount;
}

/**
 * Records the claimer's first action on the open escalation of a session (a step they answered, a
 * fact or note they added). Called in the action's own transaction; later actions change nothing.
 */
export async function markFirstAction(
  tx: Queryable,
  accountId: string,
  sessionId: string,
  actorId: string,
  now: Date,
) {
  await tx.query(
    `UPDATE handoffs SET first_action_at = $4
     WHERE account_id = $1 AND session_id = $2 AND claimed_by = $3 AND intent = 'escalate'
       AND first_action_at IS NULL AND resolved_at IS NULL`,
    [accountId, sessionId, actorId, now],
  );
}
