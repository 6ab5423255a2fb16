import { withTenant } from '../../db/tenant';
import { notFound } from '../../http/errors';
import { hashSecret, newId, newSecret } from '../../lib/crypto';
import { insertAudit } from '../audit/audit.repo';
import type { Ctx } from '../context';

export type ApiTokenRow = { id: string; name: string; created_at: Date; last_used_at: Date | null };

/** The token is returned once; only its hash is stored. */
export async function createApiToken(ctx: Ctx, name: string) {
  const { accountId, id: userId } = ctx.actor;
  const token = newSecret('rfp_');
  const row = await withTenant(ctx.db, accountId, async (tx) => {
    const { rows } = await tx.query<ApiTokenRow>(
      `INSERT INTO api_tokens (id, account_id, user_id, name, token_hash, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, name, created_at, last_used_at`,
      [newId(), accountId, userId, name, hashSecret(token), ctx.now],
    );
    await insertAudit(
      tx,
      {
        accountId,
        actorUserId: userId,
        action: 'api_token.created',
        targetType: 'api_token',
        targetId: rows[0]!.id,
      },
      ctx.now,
    );
    return rows[0]!;
  });
  return { ...row, token };
}

export function listApiTokens(ctx: Ctx) {
  return withTenant(ctx.db, ctx.actor.accountId, async (tx) => {
    const { rows } = await tx.query<ApiTokenRow>(
      `SELECT id, name, created_at, last_used_at FROM api_tokens
       WHERE account_id = $1 AND user_id = $2 AND revoked_at IS NULL ORDER BY created_at DESC`,
      [ctx.actor.accountId, ctx.actor.id],
    );
    return rows;
  });
}

export function revokeApiToken(ctx: Ctx, tokenId: string) {
  const { accountId, id: userId } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) => {
    const { rowCount } = await tx.query(
      `UPDATE api_tokens SET revoked_at = $4 WHERE account_id = $1 AND user_id = $2 AND id = $3 AND revoked_at IS NULL RETURNING id`,
      [accountId, userId, tokenId, ctx.now],
    );
    if (rowCount !== 1) throw notFound('API token');
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
