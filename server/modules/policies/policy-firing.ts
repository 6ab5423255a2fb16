import { claimTimeoutMs, nextFireAt, policyStages } from '../../../shared/escalation-policy';
import { asSystem, withTenant } from '../../db/tenant';
import type { Database } from '../../db/types';
import { formatElapsed, secondsBetween } from '../../lib/elapsed';
import { insertAudit } from '../audit/audit.repo';
import { findHandoff, seniorRecipients, setPaged, type HandoffRow } from '../handoffs/handoffs.repo';
import { notifyStage } from '../handoffs/notify-stage';
import { escalationTitle, problemSnippet } from '../handoffs/titles';
import { insertNotifications } from '../notifications/notifications.repo';
import { enqueuePushes } from '../push/push-dispatch';
import * as repo from './policies.repo';
import { resolveLevelTargets } from './level-targets';

/** Bell, email subject and chat text of a re-escalation. */
export const stillUnclaimedTitle = (h: HandoffRow, now: Date) =>
  `Still unclaimed after ${formatElapsed(secondsBetween(h.created_at, now), 'minutes')}: ${escalationTitle(h.handed_off_by_name, h.snapshot.ticket, h.snapshot.problem_summary)}`;

/**
 * What looks due now, across accounts (system path): unclaimed escalations whose next stage has
 * come, and claims whose reminder has. Only a list: each firing locks and re-checks its row.
 */
export function listDueFirings(db: Database, now: Date, limit: number) {
  return asSystem(db, 'worker', async (q) => ({
    escalations: await repo.dueEscalations(q, now, limit),
    claimReminders: await repo.dueClaimReminders(q, now, limit),
  }));
}

/**
 * Fires the next stage of an unclaimed escalation's snapshotted policy, if it is still due. In one
 * transaction: the level advances, the stage's recipients get bell notifications, `handoff_escalated`
 * is appended and the outbox gets the stage's deliveries; the next stage is scheduled from now (or
 * nothing after the last). Returns whether a stage fired.
 */
export function fireDueLevel(
  db: Database,
  accountId: string,
  handoffId: string,
  now: Date,
): Promise<boolean> {
  return withTenant(db, accountId, async (tx) => {
    const state = await repo.lockDueEscalation(tx, accountId, handoffId, now);
    if (!state) return false;
    const level = state.policy_level + 1;
    const stage = state.policy ? policyStages(state.policy)[level] : undefined;
    if (!state.policy || !stage) {
      await repo.advancePolicy(tx, accountId, handoffId, state.policy_level, null);
      return false;
    }
    const h = (await findHandoff(tx, accountId, handoffId))!;
    // Schedule targets page whoever is on call at this moment, not at escalation (SPEC §15).
    const { recipients, paged } = await resolveLevelTargets(
      tx,
      accountId,
      await seniorRecipients(tx, accountId, h.handed_off_by),
      stage,
      stage.kind === 'catch_all' ? 'catch_all' : `level:${stage.level_index}`,
      now,
    );
    await setPaged(tx, accountId, handoffId, paged);
    const recipientIds = recipients.map((r) => r.id);
    const title = stillUnclaimedTitle(h, now);
    await notifyStage(
      tx,
      {
        accountId,
        event: 'handoff_escalated',
        stage,
        recipients,
        title,
        handoffId,
        sessionId: h.session_id,
        payload: {
          handoff_id: handoffId,
          session_id: h.session_id,
          policy_level: level,
          stage: stage.kind,
          recipient_ids: recipientIds,
          title,
          priority: h.priority,
          problem_summary: h.snapshot.problem_summary,
          ticket: h.snapshot.ticket,
          handed_off_by: { id: h.handed_off_by, name: h.handed_off_by_name },
        },
      },
      now,
    );
    await repo.advancePolicy(
      tx,
      accountId,
      handoffId,
      level,
      nextFireAt(state.policy, level, state.priority, now),
    );
    await insertAudit(
      tx,
      {
        accountId,
        actorUserId: null,
        action: 'handoff.policy_escalated',
        targetType: 'handoff',
        targetId: handoffId,
        details: { policy_level: level, stage: stage.kind, recipient_ids: recipientIds },
      },
      now,
    );
    return true;
  });
}

/**
 * Claim timeout: a claim with no first action by the claimer reminds the claimer once, then (after
 * the same wait again) the admins and owners once. Any first action ends the reminders. Returns
 * whether a reminder went out.
 */
export function remindIdleClaim(
  db: Database,
  accountId: string,
  handoffId: string,
  now: Date,
): Promise<boolean> {
  return withTenant(db, accountId, async (tx) => {
    const s = await repo.lockDueClaimReminder(tx, accountId, handoffId, now);
    if (!s) return false;
    const wait = s.policy ? claimTimeoutMs(s.policy, s.priority) : null;
    const done = () =>
      repo.setClaimReminder(tx, accountId, handoffId, s.claim_reminders_sent, null).then(() => false);
    if (!s.claimed_by || !s.claimed_at || wait == null || s.claim_reminders_sent >= 2) return done();
    if (s.first_action_at) return done();

    const h = (await findHandoff(tx, accountId, handoffId))!;
    const snippet = problemSnippet(h.snapshot.problem_summary);
    const link = `/sessions/${h.session_id}`;
    const first = s.claim_reminders_sent === 0;
    const recipients = first
      ? [{ userId: s.claimed_by, title: `No action yet on the escalation you claimed: ${snippet}` }]
      : (await repo.activeAdmins(tx, accountId, s.claimed_by)).map((a) => ({
          userId: a.id,
          title: `${h.claimed_by_name ?? 'The claimer'} claimed an escalation ${formatElapsed(secondsBetween(s.claimed_at!, now), 'minutes')} ago and has not acted yet: ${snippet}`,
        }));
    const reminders = await insertNotifications(
      tx,
      accountId,
      recipients.map((r) => ({ userId: r.userId, event: 'claim_timeout', title: r.title, link, handoffId })),
      now,
    );
    // The reminder reaches opted-in devices too (quiet hours hold it back unless the handoff is P1).
    for (const r of reminders) await enqueuePushes(tx, accountId, r.eventId, r.recipients, s.priority, now);
    await repo.setClaimReminder(
      tx,
      accountId,
      handoffId,
      first ? 1 : 2,
      first ? new Date(now.getTime() + wait) : null,
    );
    await insertAudit(
      tx,
      {
        accountId,
        actorUserId: null,
        action: first ? 'handoff.claim_reminder.claimer' : 'handoff.claim_reminder.admins',
        targetType: 'handoff',
        targetId: handoffId,
        details: { claimed_by: s.claimed_by, recipient_ids: recipients.map((r) => r.userId) },
      },
      now,
    );
    return true;
  });
}
