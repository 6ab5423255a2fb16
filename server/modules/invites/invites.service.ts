import type { Role } from '../../../shared/roles';
import { asSystem, withTenant } from '../../db/tenant';
import type { Database, Queryable } from '../../db/types';
import { AppError, conflict, forbidden, notFound } from '../../lib/app-error';
import { hashSecret, newId, newSecret } from '../../lib/crypto';
import { insertAudit } from '../audit/audit.repo';
import { hashPassword } from '../auth/passwords';
import type { Ctx } from '../context';
import { assertAdmin, mayInviteAs } from '../members/members.permissions';
import * as repo from './invites.repo';

export const INVITE_TTL_DAYS = 7;

export type InviteStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

export function inviteStatus(i: repo.InviteRow, now: Date): InviteStatus {
  if (i.accepted_at) return 'accepted';
  if (i.revoked_at) return 'revoked';
  if (i.expires_at <= now) return 'expired';
  return 'pending';
}

export async function createInvite(ctx: Ctx, input: { email: string; role: Role }, appUrl: string) {
  assertAdmin(ctx.actor.role);
  if (input.role === 'owner' && ctx.actor.role !== 'owner')
    throw forbidden('Only an owner can invite an owner');
  const { accountId } = ctx.actor;
  // Only a member of this account is refused: for a user of another account the answer is the same
  // as for a new address (it must not tell one MSP who uses another), and that user is told by email.
  const holder = await asSystem(ctx.db, 'auth', (q) => repo.findUserByEmail(q, input.email));
  if (holder?.account_id === accountId) {
    throw conflict('EMAIL_TAKEN', 'A user with this email already exists');
  }
  const token = newSecret('rfi_');
  const invite = await withTenant(ctx.db, accountId, async (tx) => {
    await repo.revokePendingInvitesFor(tx, accountId, input.email, ctx.now);
    const row = await repo.insertInvite(tx, {
      id: newId(),
      accountId,
      email: input.email,
      role: input.role,
      tokenHash: hashSecret(token),
      invitedBy: ctx.actor.id,
      expiresAt: new Date(ctx.now.getTime() + INVITE_TTL_DAYS * 86_400_000),
      now: ctx.now,
    });
    await insertAudit(
      tx,
      {
        accountId,
        actorUserId: ctx.actor.id,
        action: 'invite.created',
        targetType: 'invite',
        targetId: row.id,
        details: { role: input.role },
      },
      ctx.now,
    );
    return row;
  });
  return {
    invite,
    acceptUrl: `${appUrl}/invite/${token}`,
    existingUserElsewhere: holder
      ? { accountId: holder.account_id, email: holder.email, name: holder.name }
      : null,
  };
}

export function listInvites(ctx: Ctx) {
  assertAdmin(ctx.actor.role);
  return withTenant(ctx.db, ctx.actor.accountId, (tx) => repo.listInvites(tx, ctx.actor.accountId));
}

export function revokeInvite(ctx: Ctx, id: string) {
  assertAdmin(ctx.actor.role);
  const { accountId } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) => {
    const invite = await repo.findInvite(tx, accountId, id);
    if (!invite) throw notFound('Invite');
    if (invite.accepted_at)
      throw conflict('INVITE_ALREADY_ACCEPTED', 'This invite has already been accepted');
    await repo.revokeInvite(tx, accountId, id, ctx.now);
    await insertAudit(
      tx,
      { accountId, actorUserId: ctx.actor.id, action: 'invite.revoked', targetType: 'invite', targetId: id },
      ctx.now,
    );
  });
}

/** Resolves an invite token for the public acceptance page; unusable invites say why. */
export async function findUsableInvite(db: Database, token: string, now: Date) {
  const invite =
    token.startsWith('rfi_') && token.length < 200
      ? await asSystem(db, 'auth', (q) => repo.findInviteByTokenHash(q, hashSecret(token)))
      : undefined;
  if (!invite) throw notFound('Invite');
  const status = inviteStatus(invite, now);
  if (status === 'accepted') throw new AppError('INVITE_USED', 'This invite has already been used');
  if (status === 'revoked')
    throw new AppError('INVITE_REVOKED', 'This invite was revoked; ask for a new one');
  if (status === 'expired')
    throw new AppError('INVITE_EXPIRED', 'This invite has expired; ask for a new one');
  await asSystem(db, 'auth', (q) => assertInviterStillMay(q, invite));
  return invite;
}

/** The invite grants its role only while its inviter is active and may still grant that role. */
async function assertInviterStillMay(q: Queryable, invite: repo.InviteRow) {
  const inviter = await repo.findInviter(q, invite.account_id, invite.id);
  if (!inviter?.active || !mayInviteAs(inviter.role, invite.role)) {
    throw new AppError(
      'INVITE_NO_LONGER_VALID',
      'This invite is no longer valid: whoever sent it can no longer grant this role. Ask an admin for a new one.',
    );
  }
}

export async function acceptInvite(
  db: Database,
  input: { token: string; name: string; password: string },
  now: Date,
) {
  const invite = await findUsableInvite(db, input.token, now);
  if (await asSystem(db, 'auth', (q) => repo.emailInUse(q, invite.email))) {
    throw conflict('EMAIL_TAKEN', 'A user with this email already exists');
  }
  const passwordHash = await hashPassword(input.password);
  const userId = newId();
  await withTenant(db, invite.account_id, async (tx) => {
    // Checked again in the transaction: the inviter may have been demoted since the lookup.
    await assertInviterStillMay(tx, invite);
    await repo.insertUser(tx, {
      id: userId,
      accountId: invite.account_id,
      email: invite.email,
      name: input.name,
      role: invite.role,
      passwordHash,
      now,
    });
    // Two acceptances racing: the conditional update lets one through; the other rolls back its user.
    if (!(await repo.markAccepted(tx, invite.account_id, invite.id, userId, now))) {
      throw new AppError('INVITE_USED', 'This invite has already been used');
    }
    await insertAudit(
      tx,
      {
        accountId: invite.account_id,
        actorUserId: userId,
        action: 'invite.accepted',
        targetType: 'invite',
        targetId: invite.id,
      },
      now,
    );
  });
  return {
    userId,
    accountId: invite.account_id,
    accountName: invite.account_name,
    email: invite.email,
    role: invite.role,
  };
}
