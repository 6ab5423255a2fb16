import type { Role } from '../../../shared/roles';
import { withTenant } from '../../db/tenant';
import { notFound } from '../../lib/app-error';
import { revokeAllSessionsOfUser } from '../auth/auth.repo';
import { announceAccessChange } from '../auth/access-changes.repo';
import { insertAudit } from '../audit/audit.repo';
import type { Ctx } from '../context';
import * as repo from './members.repo';
import { assertMayChangeMember, lastOwnerError } from './members.permissions';

export function listMembers(ctx: Ctx) {
  return withTenant(ctx.db, ctx.actor.accountId, (tx) => repo.listMembers(tx, ctx.actor.accountId));
}

export type MemberPatch = { role?: Role; is_active?: boolean };

export function updateMember(ctx: Ctx, memberId: string, patch: MemberPatch) {
  const { accountId } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) => {
    const target = await repo.findMember(tx, accountId, memberId);
    if (!target) throw notFound('Member');
    assertMayChangeMember(ctx.actor.role, target, patch.role);
    const losesOwnership =
      target.role === 'owner' &&
      target.is_active &&
      ((patch.role !== undefined && patch.role !== 'owner') || patch.is_active === false);
    if (losesOwnership && (await repo.countActiveOwnersForUpdate(tx, accountId)) <= 1) throw lastOwnerError();
    const updated = await repo.updateMember(tx, accountId, memberId, patch);
    if (!updated) throw notFound('Member');
    if (patch.is_active === false) await revokeAllSessionsOfUser(tx, memberId, ctx.now);
    // A new role: their live streams close so they reconnect with what the new role may see.
    else if (patch.role !== undefined && patch.role !== target.role) await announceAccessChange(tx, memberId);
    await insertAudit(
      tx,
      {
        accountId,
        actorUserId: ctx.actor.id,
        action: 'member.updated',
        targetType: 'user',
        targetId: memberId,
        details: { before: { role: target.role, is_active: target.is_active }, after: patch },
      },
      ctx.now,
    );
    return updated;
  });
}

/** A member leaves the account: deactivated and signed out. The last owner cannot leave. */
export function leaveAccount(ctx: Ctx) {
  const { accountId, id } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) => {
    if (ctx.actor.role === 'owner' && (await repo.countActiveOwnersForUpdate(tx, accountId)) <= 1) {
      throw lastOwnerError();
    }
    await repo.updateMember(tx, accountId, id, { is_active: false });
    await revokeAllSessionsOfUser(tx, id, ctx.now);
    await insertAudit(
      tx,
      { accountId, actorUserId: id, action: 'member.left', targetType: 'user', targetId: id },
      ctx.now,
    );
  });
}
