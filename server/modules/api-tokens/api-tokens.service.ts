import { withTenant } from '../../db/tenant';
import { notFound } from '../../lib/app-error';
import { hashSecret, newId, newSecret } from '../../lib/crypto';
import { insertAudit } from '../audit/audit.repo';
import { announceAccessChange } from '../auth/access-changes.repo';
import type { Ctx } from '../context';
import * as repo from './api-tokens.repo';

export type { ApiTokenRow } from './api-tokens.repo';

/** The token is returned once; only its hash is stored. */
export async function createApiToken(ctx: Ctx, name: string) {
  const { accountId, id: userId } = ctx.actor;
  const token = newSecret('rfp_');
  const row = await withTenant(ctx.db, accountId, async (tx) => {
    const created = await repo.insertApiToken(tx, {
      id: newId(),
      accountId,
      userId,
      name,
      tokenHash: hashSecret(token),
      now: ctx.now,
    });
    await insertAudit(
      tx,
      {
        accountId,
        actorUserId: userId,
        action: 'api_token.created',
        targetType: 'api_token',
        targetId: created.id,
      },
      ctx.now,
    );
    return created;
  });
  return { ...row, token };
}

export function listApiTokens(ctx: Ctx) {
  return withTenant(ctx.db, ctx.actor.accountId, (tx) =>
    repo.listActiveApiTokens(tx, ctx.actor.accountId, ctx.actor.id),
  );
}

export function revokeApiToken(ctx: Ctx, tokenId: string) {
  const { accountId, id: userId } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) => {
    if (!(await repo.markApiTokenRevoked(tx, accountId, userId, tokenId, ctx.now)))
      throw notFound('API token');
    await announceAccessChange(tx, userId);
    await insertAudit(
      tx,
      {
        accountId,
        actorUserId: userId,
        action: 'api_token.revoked',
        targetType: 'api_token',
        targetId: tokenId,
      },
      ctx.now,
    );
  });
}
