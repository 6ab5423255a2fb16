import { withTenant } from '../../db/tenant';
import { conflict } from '../../lib/app-error';
import { insertAudit } from '../audit/audit.repo';
import type { Ctx } from '../context';
import { assertAdmin } from '../members/members.permissions';
import { hasConfirmedFactor } from '../mfa/mfa.repo';
import * as repo from './account-settings.repo';

export type AccountSettings = { require_mfa: boolean };

/** Account-wide settings; admins and owners read and change them. */
export async function getAccountSettings(ctx: Ctx): Promise<AccountSettings> {
  assertAdmin(ctx.actor.role);
  const { accountId } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) => ({
    require_mfa: await repo.accountRequiresMfa(tx, accountId),
  }));
}

/**
 * Turning "require MFA" on sends every member without a second factor through enrolment at their
 * next request. The admin who turns it on must have one already, so they cannot shut themselves
 * out of the settings page they are on.
 */
export async function updateAccountSettings(ctx: Ctx, patch: Partial<AccountSettings>) {
  assertAdmin(ctx.actor.role);
  const { accountId, id: userId } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) => {
    const before = await repo.accountRequiresMfa(tx, accountId);
    if (patch.require_mfa !== undefined && patch.require_mfa !== before) {
      if (patch.require_mfa && !(await hasConfirmedFactor(tx, accountId, userId))) {
        throw conflict('MFA_NOT_ENABLED', 'Set up two-factor sign-in for yourself before requiring it');
      }
      await repo.setAccountRequiresMfa(tx, accountId, patch.require_mfa);
      await insertAudit(
        tx,
        {
          accountId,
          actorUserId: userId,
          action: patch.require_mfa ? 'account.mfa_required' : 'account.mfa_not_required',
          targetType: 'account',
          targetId: accountId,
        },
        ctx.now,
      );
    }
    return { require_mfa: patch.require_mfa ?? before };
  });
}
