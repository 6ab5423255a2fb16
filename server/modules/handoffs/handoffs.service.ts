import { claimTimeoutMs, nextFireAt } from '../../../shared/escalation-policy';
import { isSenior } from '../../../shared/roles';
import type { Priority } from '../../../shared/sessions';
import { withTenant } from '../../db/tenant';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../lib/app-error';
import { newId } from '../../lib/crypto';
import { insertAudit } from '../audit/audit.repo';
import type { Ctx } from '../context';
import { enqueueChannelDeliveries } from '../deliveries/deliveries.repo';
import { appendEvent } from '../events/events.repo';
import { insertNotifications } from '../notifications/notifications.repo';
import { currentPolicy } from '../policies/policies.service';
import { resolveLevelTargets, targetPaged } from '../policies/level-targets';
import { isPsaTicketNumber } from '../psa/provider';
import { enqueuePsaEscalation } from '../psa/psa-outbox.repo';
import { markRequestingEscalation, setEscalatedTo } from '../sessions/sessions.repo';
import { enqueueSlackAppUpdate } from '../slack/slack-outbox';
import { assertMayRead } from '../sessions/sessions.permissions';
import { getSession, loadView } from '../sessions/sessions.service';
import * as repo from './handoffs.repo';
import {
  alreadyClaimed,
  assertMayClaim,
  assertMayRelease,
  assertSenior,
  mayReadHandoff,
} from './handoffs.permissions';
import { notifyStage } from './notify-stage';
import { buildSnapshot } from './snapshot';
import { claimedTitle, escalationTitle } from './titles';

export type HandoffDeps = {
  /** Wakes the assessment worker after commit (the pending row is the durable job). */
  kickAssessments: () => void;
  /** Wakes the delivery worker after commit (the outbox rows are the durable jobs; the poll is the fallback). */
  kickDeliveries?: () => void;
  /** Test seam: runs inside the escalation transaction right after the handoff insert. */
  afterHandoffInsert?: () => Promise<void> | void;
};

export type CreateHandoffInput = {
  intent: 'park' | 'escalate';
  engineer_notes?: string;
  target_user_id?: string;
  priority?: Priority;
};

/**
 * Escalate (or park) a session. Everything an escalation writes — handoff with its frozen snapshot,
 * session status, bell notifications, the event, the outbox deliveries, the audit row — commits in
 * one transaction or not at all.
 */
export async function createHandoff(
  ctx: Ctx,
  deps: HandoffDeps,
  sessionId: string,
  input: CreateHandoffInput,
) {
  const { actor } = ctx;
  const accountId = actor.accountId;
  const notes = input.engineer_notes?.trim() ?? '';
  const id = newId();

  // One transaction from the read of the session to the last outbox row: fewer round trips on the
  // hot path, and the snapshot is exactly the state the escalation was decided on.
  const handoff = await withTenant(ctx.db, accountId, async (tx) => {
    const view = await loadView(tx, accountId, sessionId);
    const { session } = view;
    assertMayRead(actor, session);
    if (session.user_id !== actor.id) throw forbidden('Only the session owner can escalate or park it');
    // Checked after who may escalate: anyone else is refused (403), not told how to fill the form.
    if (input.target_user_id === actor.id)
      throw badRequest('You cannot target yourself', { field: 'target_user_id' });
    if (session.status !== 'active' && session.status !== 'paused') {
      throw new AppError(
        'INVALID_TRANSITION',
        `Cannot hand off a session that is ${session.status.replace('_', ' ')}`,
        { extra: { current_status: session.status } },
      );
    }
    const priority = input.priority ?? session.priority;
    const snapshot = buildSnapshot(view, { id: actor.id, name: actor.name }, notes, priority, ctx.now);
    const seniors = await repo.seniorRecipients(tx, accountId, actor.id);
    const target = input.target_user_id ? seniors.find((u) => u.id === input.target_user_id) : undefined;
    if (input.target_user_id && !target) {
      throw badRequest('The target must be an active engineer, admin or owner of this account', {
        field: 'target_user_id',
      });
    }
    // An open escalation means the session is requesting escalation or escalated, so this
    // conditional update also refuses a second one (the partial unique index is the last guard).
    if (
      input.intent === 'escalate' &&
      !(await markRequestingEscalation(tx, accountId, sessionId, notes, priority, ctx.now))
    ) {
      throw conflict('INVALID_TRANSITION', 'The session changed status meanwhile; reload it');
    }
    // The account's policy is copied onto the escalation: later edits leave it alone (SPEC §8).
    const policy = input.intent === 'escalate' ? await currentPolicy(tx, accountId) : null;
    const nextFire = policy && nextFireAt(policy, 0, priority, ctx.now);
    // Who level 0 pages (a named target alone first) is decided before the insert, so the handoff
    // records it; schedule targets page whoever is on call now (SPEC §15).
    const stage0 = policy
      ? target
        ? { recipients: [target], paged: [targetPaged(target)] }
        : await resolveLevelTargets(tx, accountId, seniors, policy.levels[0]!, 'level:0', ctx.now)
      : null;
    const inserted: repo.NewHandoff = {
      id,
      accountId,
      sessionId,
      intent: input.intent,
      by: actor.id,
      target: target?.id ?? null,
      notes,
      priority,
      snapshot,
      now: ctx.now,
      policy,
      nextFireAt: nextFire,
      paged: stage0?.paged,
    };
    await repo.insertHandoff(tx, inserted);
    await deps.afterHandoffInsert?.();
    if (policy) {
      // Level 0 of the policy, except that a named target is notified alone first.
      const level0 = policy.levels[0]!;
      const recipients = stage0!.recipients;
      const title = escalationTitle(actor.name, session.ticket, session.problem_summary);
      const eventId = await notifyStage(
        tx,
        {
          accountId,
          event: 'handoff_created',
          stage: level0,
          recipients,
          title,
          handoffId: id,
          sessionId,
          payload: {
            handoff_id: id,
            session_id: sessionId,
            title,
            priority,
            problem_summary: session.problem_summary,
            ticket: session.ticket,
            handed_off_by: { id: actor.id, name: actor.name },
            target_user_id: target?.id ?? null,
            recipient_ids: recipients.map((r) => r.id),
          },
        },
        ctx.now,
      );
      // The PSA ticket gets the escalation note (and status): one statement, a no-op without a connection.
      if (isPsaTicketNumber(session.ticket))
        await enqueuePsaEscalation(tx, accountId, eventId, session.ticket, ctx.now);
    }
    await insertAudit(
      tx,
      {
        accountId,
        actorUserId: actor.id,
        action: `handoff.${input.intent}`,
        targetType: 'handoff',
        targetId: id,
        details: { session_id: sessionId, priority, target_user_id: target?.id ?? null },
      },
      ctx.now,
    );
    // What was just written, without reading it back.
    return repo.insertedHandoff(inserted, actor.name);
  });
  if (input.intent === 'escalate') {
    deps.kickAssessments();
    deps.kickDeliveries?.();
  }
  return handoff;
}

export async function getHandoff(ctx: Ctx, id: string) {
  const h = await withTenant(ctx.db, ctx.actor.accountId, (tx) =>
    repo.findHandoff(tx, ctx.actor.accountId, id),
  );
  if (!h || !mayReadHandoff(ctx.actor, h)) throw notFound('Handoff');
  // Reading a handoff follows the session's read rule (any member while it is in transit).
  if (h.intent === 'escalate' && !isSenior(ctx.actor.role)) await getSession(ctx, h.session_id);
  return h;
}

export async function listSessionHandoffs(ctx: Ctx, sessionId: string) {
  await getSession(ctx, sessionId);
  const rows = await withTenant(ctx.db, ctx.actor.accountId, (tx) =>
    repo.listForSession(tx, ctx.actor.accountId, sessionId),
  );
  return rows.filter((h) => mayReadHandoff(ctx.actor, h));
}

export function listQueue(ctx: Ctx) {
  assertSenior(ctx.actor);
  return withTenant(ctx.db, ctx.actor.accountId, (tx) => repo.queue(tx, ctx.actor.accountId, ctx.actor.id));
}

/**
 * Claim: one conditional UPDATE decides the race. The same transaction moves the session to
 * `escalated`, appends `handoff_claimed`, tells the escalator and writes the audit row.
 */
export async function claimHandoff(ctx: Ctx, id: string) {
  const { actor } = ctx;
  assertSenior(actor);
  const accountId = actor.accountId;
  return withTenant(ctx.db, accountId, async (tx) => {
    const h = await repo.findHandoff(tx, accountId, id);
    if (!h || h.intent !== 'escalate') throw notFound('Handoff');
    assertMayClaim(actor, h);
    const session = await repo.lockSession(tx, accountId, h.session_id);
    if (!session || session.status === 'resolved' || session.status === 'abandoned' || h.resolved_at) {
      throw conflict('HANDOFF_CLOSED', 'This escalation is closed: the session was resolved');
    }
    const reminderWait = h.policy && claimTimeoutMs(h.policy, h.priority);
    const claimReminderAt = reminderWait == null ? null : new Date(ctx.now.getTime() + reminderWait);
    if (!(await repo.claim(tx, accountId, id, actor.id, ctx.now, claimReminderAt))) {
      const current = (await repo.findHandoff(tx, accountId, id))!;
      if (current.claimed_by === actor.id) return current; // a double-click
      throw alreadyClaimed(current);
    }
    await setEscalatedTo(tx, accountId, h.session_id, actor.id, ctx.now);
    const claimedEvent = await appendEvent(
      tx,
      accountId,
      'handoff_claimed',
      { handoff_id: id, session_id: h.session_id, claimed_by: { id: actor.id, name: actor.name } },
      ctx.now,
    );
    // Chat and webhook channels subscribed to claims hear about it through the same outbox.
    await enqueueChannelDeliveries(tx, accountId, claimedEvent, 'handoff_claimed', ctx.now);
    // The Slack app's messages about this handoff lose their Claim button, for everyone.
    await enqueueSlackAppUpdate(tx, accountId, claimedEvent, id, ctx.now);
    await insertNotifications(
      tx,
      accountId,
      [
        {
          userId: h.handed_off_by,
          event: 'handoff_claimed',
          title: claimedTitle(actor.name),
          link: `/sessions/${h.session_id}`,
          handoffId: id,
        },
      ],
      ctx.now,
    );
    await insertAudit(
      tx,
      { accountId, actorUserId: actor.id, action: 'handoff.claimed', targetType: 'handoff', targetId: id },
      ctx.now,
    );
    return (await repo.findHandoff(tx, accountId, id))!;
  });
}

export async function releaseHandoff(ctx: Ctx, id: string) {
  const { actor } = ctx;
  const accountId = actor.accountId;
  return withTenant(ctx.db, accountId, async (tx) => {
    const h = await repo.findHandoff(tx, accountId, id);
    if (!h || h.intent !== 'escalate') throw notFound('Handoff');
    assertSenior(actor);
    if (!h.claimed_by) throw conflict('NOT_CLAIMED', 'This escalation is not claimed');
    assertMayRelease(actor, h);
    await repo.lockSession(tx, accountId, h.session_id);
    // Release restarts the policy at its next unfired stage, a full wait from now (levels never repeat).
    const restartAt = h.policy && nextFireAt(h.policy, h.policy_level, h.priority, ctx.now);
    if (!(await repo.release(tx, accountId, id, ctx.now, restartAt)))
      throw conflict('HANDOFF_CLOSED', 'This escalation is closed');
    await setEscalatedTo(tx, accountId, h.session_id, null, ctx.now);
    const releasedEvent = await appendEvent(
      tx,
      accountId,
      'handoff_released',
      { handoff_id: id, session_id: h.session_id, released_by: { id: actor.id, name: actor.name } },
      ctx.now,
    );
    await enqueueChannelDeliveries(tx, accountId, releasedEvent, 'handoff_released', ctx.now);
    await enqueueSlackAppUpdate(tx, accountId, releasedEvent, id, ctx.now);
    await insertAudit(
      tx,
      {
        accountId,
        actorUserId: actor.id,
        action: 'handoff.released',
        targetType: 'handoff',
        targetId: id,
        details: { previous_claimer: h.claimed_by },
      },
      ctx.now,
    );
    return (await repo.findHandoff(tx, accountId, id))!;
  });
}
