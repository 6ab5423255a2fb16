import {
  DEFAULT_ESCALATION_POLICY,
  isPolicyRole,
  type EscalationPolicy,
} from '../../../shared/escalation-policy';
import { scheduleTargetId } from '../../../shared/schedules';
import { withTenant } from '../../db/tenant';
import type { Queryable } from '../../db/types';
import { AppError } from '../../lib/app-error';
import { insertAudit } from '../audit/audit.repo';
import type { Ctx } from '../context';
import { assertAdmin } from '../members/members.permissions';
import { findSchedules } from '../schedules/schedules.repo';
import * as repo from './policies.repo';

export type PolicyView = EscalationPolicy & {
  is_default: boolean;
  updated_at: Date | null;
  updated_by: { id: string; name: string } | null;
};

const pick = (p: EscalationPolicy): EscalationPolicy => ({
  levels: p.levels,
  repeat: p.repeat,
  catch_all: p.catch_all,
  p1_factor: p.p1_factor,
  claim_timeout_minutes: p.claim_timeout_minutes,
});

/** The policy in force for an account: its saved one, or the default. Escalation snapshots this. */
export async function currentPolicy(tx: Queryable, accountId: string): Promise<EscalationPolicy> {
  const row = await repo.findPolicy(tx, accountId);
  return pick(row ?? DEFAULT_ESCALATION_POLICY);
}

/** Any member may read the policy (it says who gets paged); only admins and owners change it. */
export async function getPolicy(ctx: Ctx): Promise<PolicyView> {
  const accountId = ctx.actor.accountId;
  const row = await withTenant(ctx.db, accountId, (tx) => repo.findPolicy(tx, accountId));
  if (!row)
    return { ...pick(DEFAULT_ESCALATION_POLICY), is_default: true, updated_at: null, updated_by: null };
  return {
    ...pick(row),
    is_default: false,
    updated_at: row.updated_at,
    updated_by: row.updated_by ? { id: row.updated_by, name: row.updated_by_name ?? '' } : null,
  };
}

/**
 * Replaces the account's policy. Escalations already in flight keep the copy they took when they
 * escalated; the new policy applies from the next escalation.
 */
export async function updatePolicy(ctx: Ctx, input: EscalationPolicy): Promise<PolicyView> {
  const { actor } = ctx;
  assertAdmin(actor.role);
  const policy = pick(input);
  await withTenant(ctx.db, actor.accountId, async (tx) => {
    await assertMembersQualify(tx, actor.accountId, policy);
    await repo.upsertPolicy(tx, actor.accountId, policy, actor.id, ctx.now);
    await insertAudit(
      tx,
      {
        accountId: actor.accountId,
        actorUserId: actor.id,
        action: 'escalation_policy.updated',
        targetType: 'escalation_policy',
        targetId: null,
        details: { policy },
      },
      ctx.now,
    );
  });
  return getPolicy(ctx);
}

/** Named members must be active seniors of this account (another account's id is just "not a member"). */
async function assertMembersQualify(tx: Queryable, accountId: string, policy: EscalationPolicy) {
  const named = [
    ...policy.levels.map((l, i) => ({ l, path: `levels.${i}` })),
    ...(policy.catch_all ? [{ l: policy.catch_all, path: 'catch_all' }] : []),
  ];
  const isMember = (n: string) => !isPolicyRole(n) && scheduleTargetId(n) === null;
  const ids = [...new Set(named.flatMap(({ l }) => l.notify.filter(isMember)))];
  const ok = await repo.activeSeniorIds(tx, accountId, ids);
  // A schedule target must be one of this account's schedules (SPEC §15).
  const scheduleIds = [
    ...new Set(named.flatMap(({ l }) => l.notify.flatMap((n) => scheduleTargetId(n) ?? []))),
  ];
  const schedules = new Set((await findSchedules(tx, accountId, scheduleIds)).map((s) => s.id));
  const problem = (n: string) => {
    if (isPolicyRole(n)) return null;
    const scheduleId = scheduleTargetId(n);
    if (scheduleId !== null)
      return schedules.has(scheduleId) ? null : 'not an on-call schedule of this account';
    return ok.has(n) ? null : 'not an active engineer, admin or owner of this account';
  };
  const details = named.flatMap(({ l, path }) =>
    l.notify.flatMap((n, j) => {
      const message = problem(n);
      return message ? [{ path: `${path}.notify.${j}`, message }] : [];
    }),
  );
  if (details.length > 0) {
    throw new AppError('VALIDATION_ERROR', `Invalid request: ${details[0]!.path}: ${details[0]!.message}`, {
      details,
    });
  }
}
