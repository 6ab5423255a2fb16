import { canWork } from '../../../shared/roles';
import type { Config } from '../../config';
import { withTenant } from '../../db/tenant';
import { AppError, badRequest, forbidden, notFound } from '../../lib/app-error';
import type { Logger } from '../../lib/logger';
import { outboundRefusalDetail } from '../../lib/outbound-url-guard';
import { insertAudit } from '../audit/audit.repo';
import { secretBoxFor } from '../channels/channel-targets';
import type { Ctx } from '../context';
import { assertAdmin } from '../members/members.permissions';
import { connectWiseProvider } from './connectwise/connectwise.provider';
import { PsaError, type PsaProvider } from './provider';
import { checkedSiteUrl, keyHint, openCredentials, psaHttpOptions, psaSealContext } from './psa-credentials';
import * as repo from './psa.repo';

/** What PSA use cases need beyond the request context. */
export type PsaEnv = { config: Config; logger?: Logger };

export type SaveConnectionInput = {
  site_url: string;
  company_id: string;
  public_key?: string;
  private_key?: string;
  client_id: string;
  enabled: boolean;
  escalated_status: string | null;
  resolved_status: string | null;
  resolution_note_visibility: 'internal' | 'customer';
  post_time_entry: boolean;
};

/** A PSA failure during an interactive call, as an HTTP answer the form can show. */
export function psaFailure(
  err: unknown,
  notFoundCode: 'PSA_NOT_FOUND' | 'TICKET_NOT_FOUND' = 'PSA_NOT_FOUND',
): never {
  if (!(err instanceof PsaError)) throw err;
  switch (err.failure) {
    case 'not_found':
      throw new AppError(notFoundCode, err.message);
    case 'auth':
      throw new AppError('PSA_AUTH_FAILED', err.message);
    case 'rejected':
    case 'not_applied':
      throw new AppError('PSA_REJECTED', err.message);
    case 'url_refused':
      // 422 like the other PSA refusals: the stored site URL passed the guard when saved, not at call time.
      throw new AppError('URL_NOT_ALLOWED', err.message, { status: 422, cause: err });
    case 'unavailable':
      // The PSA itself failed (5xx, timeout, unreachable): a gateway error, not something the caller did.
      throw new AppError('PSA_UNAVAILABLE', err.message);
  }
}

export function getConnection(ctx: Ctx) {
  assertAdmin(ctx.actor.role);
  return withTenant(ctx.db, ctx.actor.accountId, (tx) => repo.findConnection(tx, ctx.actor.accountId));
}

/**
 * Creates or updates the account's ConnectWise connection. Keys are sealed (AES-256-GCM) and never
 * returned; an update may leave them out to keep the stored ones. The site URL passes the outbound
 * guard before anything is stored.
 */
export async function saveConnection(ctx: Ctx, env: PsaEnv, input: SaveConnectionInput) {
  assertAdmin(ctx.actor.role);
  const accountId = ctx.actor.accountId;
  // DNS runs before the transaction: a slow resolver must not hold a database connection.
  const siteUrl = await checkedSiteUrl(input.site_url, env.config);
  const box = secretBoxFor(env.config);
  return withTenant(ctx.db, accountId, async (tx) => {
    const existing = await repo.findConnection(tx, accountId);
    if (!existing && (!input.public_key || !input.private_key)) {
      throw badRequest('A new connection needs the public and the private key', {
        field: input.public_key ? 'private_key' : 'public_key',
      });
    }
    const credentialsChanged =
      !existing ||
      Boolean(input.public_key || input.private_key) ||
      existing.site_url !== siteUrl ||
      existing.company_id !== input.company_id ||
      existing.client_id !== input.client_id;
    await repo.upsertConnection(
      tx,
      accountId,
      {
        enabled: input.enabled,
        siteUrl,
        companyId: input.company_id,
        clientId: input.client_id,
        publicKeyEncrypted: input.public_key
          ? box.seal(input.public_key, psaSealContext(accountId, 'public_key'))
          : null,
        publicKeyHint: input.public_key ? keyHint(input.public_key) : null,
        privateKeyEncrypted: input.private_key
          ? box.seal(input.private_key, psaSealContext(accountId, 'private_key'))
          : null,
        escalatedStatus: input.escalated_status,
        resolvedStatus: input.resolved_status,
        resolutionNoteVisibility: input.resolution_note_visibility,
        postTimeEntry: input.post_time_entry,
        updatedBy: ctx.actor.id,
        credentialsChanged,
      },
      ctx.now,
    );
    // Which settings changed, never their secret values.
    const keys = [input.public_key && 'public_key', input.private_key && 'private_key'].filter(Boolean);
    await insertAudit(
      tx,
      {
        accountId,
        actorUserId: ctx.actor.id,
        action: existing ? 'psa.connection_updated' : 'psa.connection_created',
        targetType: 'psa_connection',
        targetId: accountId,
        details: { site_url: siteUrl, enabled: input.enabled, keys_replaced: keys },
      },
      ctx.now,
    );
    return (await repo.findConnection(tx, accountId))!;
  });
}

export async function deleteConnection(ctx: Ctx) {
  assertAdmin(ctx.actor.role);
  const accountId = ctx.actor.accountId;
  await withTenant(ctx.db, accountId, async (tx) => {
    if (!(await repo.deleteConnection(tx, accountId))) throw notFound('PSA connection');
    await insertAudit(
      tx,
      {
        accountId,
        actorUserId: ctx.actor.id,
        action: 'psa.connection_deleted',
        targetType: 'psa_connection',
        targetId: accountId,
      },
      ctx.now,
    );
  });
}

/** The stored connection's provider; 404 when the account has none (`requireEnabled`: also when switched off). */
async function providerFor(ctx: Ctx, env: PsaEnv, requireEnabled: boolean): Promise<PsaProvider> {
  const accountId = ctx.actor.accountId;
  const row = await withTenant(ctx.db, accountId, (tx) => repo.findConnectionSecrets(tx, accountId));
  if (!row)
    throw new AppError('PSA_NOT_CONNECTED', 'No PSA connection is set up for this account (Settings → PSA)');
  if (requireEnabled && !row.enabled)
    throw new AppError('PSA_NOT_CONNECTED', 'The PSA connection is switched off (Settings → PSA)');
  let creds;
  try {
    creds = openCredentials(row, accountId, secretBoxFor(env.config));
  } catch (err) {
    throw new AppError('PSA_KEYS_UNREADABLE', `${(err as Error).message}: save the keys again`);
  }
  return connectWiseProvider(creds, psaHttpOptions(env.config));
}

/** "Test connection": one harmless read with the saved credentials; the outcome is kept for the settings page. */
export async function testConnection(
  ctx: Ctx,
  env: PsaEnv,
): Promise<{ ok: boolean; error?: string; server_version?: string | null }> {
  assertAdmin(ctx.actor.role);
  const accountId = ctx.actor.accountId;
  const provider = await providerFor(ctx, env, false);
  let result: { ok: boolean; error?: string; server_version?: string | null };
  try {
    const info = await provider.testConnection();
    result = { ok: true, server_version: info.serverVersion };
  } catch (err) {
    if (!(err instanceof PsaError)) throw err;
    const detail = outboundRefusalDetail(err);
    if (detail) env.logger?.warn('outbound URL refused', { detail });
    result = { ok: false, error: err.message };
  }
  await withTenant(ctx.db, accountId, (tx) =>
    repo.recordTestResult(tx, accountId, result.ok, result.error ?? null, ctx.now),
  );
  return result;
}

/** Whether the intake form and the resolve form offer PSA features: any member may ask. */
export async function psaStatus(ctx: Ctx) {
  const row = await withTenant(ctx.db, ctx.actor.accountId, (tx) =>
    repo.findConnection(tx, ctx.actor.accountId),
  );
  const connected = Boolean(row?.enabled);
  return {
    connected,
    provider: connected ? ('connectwise' as const) : null,
    time_entries: connected && Boolean(row?.post_time_entry),
  };
}

/** Intake by ticket number: what the PSA knows about the ticket, to pre-fill a new session. */
export async function lookupTicket(ctx: Ctx, env: PsaEnv, ticket: string) {
  if (!canWork(ctx.actor.role)) throw forbidden('Viewers cannot start sessions');
  const provider = await providerFor(ctx, env, true);
  try {
    return await provider.getTicket(ticket);
  } catch (err) {
    return psaFailure(err, 'TICKET_NOT_FOUND');
  }
}

export function listMemberLinks(ctx: Ctx) {
  assertAdmin(ctx.actor.role);
  return withTenant(ctx.db, ctx.actor.accountId, (tx) => repo.listMemberLinks(tx, ctx.actor.accountId));
}

/** The PSA's active members, to pick from when linking. */
export async function listPsaMembers(ctx: Ctx, env: PsaEnv) {
  assertAdmin(ctx.actor.role);
  const provider = await providerFor(ctx, env, false);
  try {
    return await provider.listMembers();
  } catch (err) {
    return psaFailure(err);
  }
}

/** Links a product user to a PSA member, checked against the PSA (it must exist and be active). */
export async function linkMember(ctx: Ctx, env: PsaEnv, userId: string, memberId: number) {
  assertAdmin(ctx.actor.role);
  const accountId = ctx.actor.accountId;
  const user = await withTenant(ctx.db, accountId, (tx) => repo.findActiveUser(tx, accountId, userId));
  if (!user) throw notFound('Member');
  const provider = await providerFor(ctx, env, false);
  let member;
  try {
    member = await provider.getMember(memberId);
  } catch (err) {
    if (err instanceof PsaError && err.failure === 'not_found')
      throw badRequest(err.message, { field: 'member_id' });
    return psaFailure(err);
  }
  return withTenant(ctx.db, accountId, async (tx) => {
    await repo.upsertMemberLink(tx, accountId, userId, member, ctx.now);
    await insertAudit(
      tx,
      {
        accountId,
        actorUserId: ctx.actor.id,
        action: 'psa.member_linked',
        targetType: 'user',
        targetId: userId,
        details: { member_id: member.id, member_identifier: member.identifier },
      },
      ctx.now,
    );
    return (await repo.listMemberLinks(tx, accountId)).find((l) => l.user_id === userId)!;
  });
}

export async function unlinkMember(ctx: Ctx, userId: string) {
  assertAdmin(ctx.actor.role);
  const accountId = ctx.actor.accountId;
  await withTenant(ctx.db, accountId, async (tx) => {
    if (!(await repo.deleteMemberLink(tx, accountId, userId))) throw notFound('Member link');
    await insertAudit(
      tx,
      {
        accountId,
        actorUserId: ctx.actor.id,
        action: 'psa.member_unlinked',
        targetType: 'user',
        targetId: userId,
      },
      ctx.now,
    );
  });
}
