import { withTenant } from '../../db/tenant';
import { notFound } from '../../lib/app-error';
import { insertAudit } from '../audit/audit.repo';
import type { Ctx } from '../context';
import { announceAccessChange } from './access-changes.repo';
import * as repo from './sign-in-sessions.repo';

/**
 * A member's own browser sign-ins (SPEC §16): list them, end one, end all but the current one.
 * Only the caller's own sessions are ever named; another user's id (in this account or another)
 * answers 404 and changes nothing. Every revocation is audited and announced, so live streams opened
 * with that session close at once in every server process.
 */
export function listSignInSessions(ctx: Ctx) {
  const { accountId, id } = ctx.actor;
  return withTenant(ctx.db, accountId, (tx) => repo.listLiveSessionsOfUser(tx, accountId, id, ctx.now));
}

export function revokeSignInSession(ctx: Ctx, sessionId: string) {
  const { accountId, id: userId } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) => {
    if (!(await repo.revokeSessionOfUser(tx, accountId, userId, sessionId, ctx.now))) {
      throw notFound('Sign-in session');
    }
    await insertAudit(
      tx,
      {
        accountId,
        actorUserId: userId,
        action: 'auth_session.revoked',
        targetType: 'auth_session',
        targetId: sessionId,
      },
      ctx.now,
    );
    await announceAccessChange(tx, userId);
  });
}

/** Ends every other session of the caller; `currentSessionId` is the one making the request. */
export function revokeOtherSignInSessions(ctx: Ctx, currentSessionId: string) {
  const { accountId, id: userId } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) => {
    const revoked = await repo.revokeOtherSessionsOfUser(tx, accountId, userId, currentSessionId, ctx.now);
    if (revoked.length === 0) return 0;
    await insertAudit(
      tx,
      {
        accountId,
        actorUserId: userId,
        action: 'auth_session.revoked_others',
        targetType: 'user',
        targetId: userId,
        details: { kept: currentSessionId, revoked },
      },
      ctx.now,
    );
    await announceAccessChange(tx, userId);
    return revoked.length;
  });
}
