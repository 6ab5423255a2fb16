import { canWork } from '../../../shared/roles';
import type { Config } from '../../config';
import { withTenant } from '../../db/tenant';
import { AppError, badRequest, forbidden, notFound } from '../../lib/app-error';
import type { Logger } from '../../lib/logger';
import { outboundRefusalDetail } from '../../lib/outbound-url-guard';
import { insertAudit } from '../audit/audit.repo';
import { findUnfinished, finishImport } from '../knowledge/imports.repo';
import { secretBoxFor } from '../channels/channel-targets';
import type { Ctx } from '../context';
import { assertAdmin } from '../members/members.permissions';
import type { Queryable } from '../../db/types';
import { normaliseHaloApiUrl, normaliseHaloAuthUrl } from './halopsa/halopsa-http';
import { PSA_LABELS, PsaError, type PsaProviderName } from './provider';
import { providerForConnection } from './provider-factory';
import { checkedSiteUrl, keyHint, psaSealContext, type SealedColumn } from './psa-credentials';
import type { SaveConnectionInput } from './psa.schemas';
import * as repo from './psa.repo';

/** What PSA use cases need beyond the request context. */
export type PsaEnv = { config: Config; logger?: Logger };

export type { SaveConnectionInput };

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
 * Creates or updates the account's PSA connection. Secrets are sealed (AES-256-GCM) and never
 * returned; an update of the same provider may leave them out to keep the stored ones. URLs pass
 * the outbound guard before anything is stored. Switching to another provider (SPEC §17) needs the
 * new provider's secrets, forgets the old credentials, keeps the history (delivery log, member links
 * of the old provider) and cancels the writes still waiting for the old PSA, with the reason in the
 * delivery log: they name tickets of the old PSA, so they are sent to neither.
 */
export async function saveConnection(ctx: Ctx, env: PsaEnv, input: SaveConnectionInput) {
  assertAdmin(ctx.actor.role);
  const accountId = ctx.actor.accountId;
  // DNS runs before the transaction: a slow resolver must not hold a database connection.
  const fields = await connectionFields(input, env.config);
  const box = secretBoxFor(env.config);
  const seal = (value: string | undefined, column: SealedColumn) =>
    value ? box.seal(value, psaSealContext(accountId, column)) : null;
  return withTenant(ctx.db, accountId, async (tx) => {
    const existing = await repo.findConnection(tx, accountId);
    const sameProvider = existing?.provider === input.provider;
    const missing = missingSecret(input, sameProvider);
    if (missing)
      throw badRequest(
        sameProvider || !existing
          ? `A new ${PSA_LABELS[input.provider]} connection needs the ${missing.replace('_', ' ')}`
          : `Switching to ${PSA_LABELS[input.provider]} needs its ${missing.replace('_', ' ')}`,
        { field: missing },
      );
    const secrets = secretValues(input);
    const credentialsChanged =
      !existing ||
      !sameProvider ||
      Object.values(secrets).some(Boolean) ||
      (['siteUrl', 'companyId', 'clientId', 'authUrl', 'tenant', 'username'] as const).some(
        (k) => fields[k] !== existing[COLUMN_OF[k]],
      );
    await repo.upsertConnection(
      tx,
      accountId,
      {
        provider: input.provider,
        enabled: input.enabled,
        ...fields,
        publicKeyEncrypted: seal(secrets.public_key, 'public_key'),
        publicKeyHint: secrets.public_key ? keyHint(secrets.public_key) : null,
        privateKeyEncrypted: seal(secrets.private_key, 'private_key'),
        secretEncrypted: seal(secrets.secret, 'secret'),
        integrationCodeEncrypted: seal(secrets.integration_code, 'integration_code'),
        noteType: input.provider === 'connectwise' ? null : input.note_type,
        escalatedStatus: input.escalated_status,
        resolvedStatus: input.resolved_status,
        resolutionNoteVisibility: input.resolution_note_visibility,
        postTimeEntry: input.post_time_entry,
        updatedBy: ctx.actor.id,
        credentialsChanged,
        keepSecrets: sameProvider,
      },
      ctx.now,
    );
    let cancelled = 0;
    if (existing && !sameProvider) {
      const from = PSA_LABELS[existing.provider];
      cancelled = await repo.cancelWritesForOtherProviders(
        tx,
        accountId,
        input.provider,
        `Cancelled: the account switched from ${from} to ${PSA_LABELS[input.provider]}; this write was meant for ${from} and is sent to neither`,
        ctx.now,
      );
      // A history import reads tickets by the old PSA's ids: it ends here (its worker sees the
      // import finished at its next commit and stops); the next import reads the new PSA.
      const unfinished = await findUnfinished(tx, accountId, 'psa_history');
      if (unfinished)
        await finishImport(
          tx,
          accountId,
          unfinished.id,
          { status: 'failed', error: `The account switched from ${from} to ${PSA_LABELS[input.provider]}` },
          ctx.now,
        );
    }
    // Which settings changed, never their secret values.
    const keys = Object.entries(secrets)
      .filter(([, v]) => v)
      .map(([k]) => k);
    await insertAudit(
      tx,
      {
        accountId,
        actorUserId: ctx.actor.id,
        action: existing ? 'psa.connection_updated' : 'psa.connection_created',
        targetType: 'psa_connection',
        targetId: accountId,
        details: {
          provider: input.provider,
          ...(existing && !sameProvider
            ? { switched_from: existing.provider, writes_cancelled: cancelled }
            : {}),
          site_url: fields.siteUrl,
          enabled: input.enabled,
          keys_replaced: keys,
        },
      },
      ctx.now,
    );
    return (await repo.findConnection(tx, accountId))!;
  });
}

/** Connection fields a provider's row holds, in repo terms; the other providers' fields are null. */
type ConnectionFields = {
  siteUrl: string | null;
  companyId: string | null;
  clientId: string | null;
  authUrl: string | null;
  tenant: string | null;
  username: string | null;
};
const COLUMN_OF = {
  siteUrl: 'site_url',
  companyId: 'company_id',
  clientId: 'client_id',
  authUrl: 'auth_url',
  tenant: 'tenant',
  username: 'username',
} as const;

async function connectionFields(input: SaveConnectionInput, config: Config): Promise<ConnectionFields> {
  const none = {
    siteUrl: null,
    companyId: null,
    clientId: null,
    authUrl: null,
    tenant: null,
    username: null,
  };
  switch (input.provider) {
    case 'connectwise':
      return {
        ...none,
        siteUrl: await checkedSiteUrl(input.site_url, config),
        companyId: input.company_id,
        clientId: input.client_id,
      };
    case 'halopsa':
      return {
        ...none,
        siteUrl: await checkedSiteUrl(input.site_url, config, normaliseHaloApiUrl),
        authUrl: await checkedSiteUrl(input.auth_url, config, normaliseHaloAuthUrl, 'auth_url'),
        clientId: input.client_id,
        tenant: input.tenant,
      };
    case 'autotask':
      // The zone comes from Autotask's discovery at call time (its URL is checked at every call).
      return { ...none, username: input.username.toLowerCase() };
  }
}

type Secrets = { public_key?: string; private_key?: string; secret?: string; integration_code?: string };

function secretValues(input: SaveConnectionInput): Secrets {
  switch (input.provider) {
    case 'connectwise':
      return { public_key: input.public_key, private_key: input.private_key };
    case 'halopsa':
      return { secret: input.client_secret };
    case 'autotask':
      return { secret: input.secret, integration_code: input.integration_code };
  }
}

/** The first secret field a save must carry but does not (a new connection, or a switch of provider). */
function missingSecret(input: SaveConnectionInput, keepStored: boolean): string | null {
  if (keepStored) return null;
  switch (input.provider) {
    case 'connectwise':
      return !input.public_key ? 'public_key' : !input.private_key ? 'private_key' : null;
    case 'halopsa':
      return input.client_secret ? null : 'client_secret';
    case 'autotask':
      return !input.secret ? 'secret' : !input.integration_code ? 'integration_code' : null;
  }
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

/** The stored connection's provider; 409 when the account has none (`requireEnabled`: also when switched off). */
async function providerFor(ctx: Ctx, env: PsaEnv, requireEnabled: boolean) {
  const accountId = ctx.actor.accountId;
  const row = await withTenant(ctx.db, accountId, (tx) => repo.findConnectionSecrets(tx, accountId));
  if (!row)
    throw new AppError('PSA_NOT_CONNECTED', 'No PSA connection is set up for this account (Settings → PSA)');
  if (requireEnabled && !row.enabled)
    throw new AppError('PSA_NOT_CONNECTED', 'The PSA connection is switched off (Settings → PSA)');
  try {
    return { provider: providerForConnection(row, accountId, env.config), name: row.provider };
  } catch (err) {
    throw new AppError('PSA_KEYS_UNREADABLE', `${(err as Error).message}: save the keys again`);
  }
}

/** "Test connection": one harmless read with the saved credentials; the outcome is kept for the settings page. */
export async function testConnection(
  ctx: Ctx,
  env: PsaEnv,
): Promise<{ ok: boolean; error?: string; server_version?: string | null }> {
  assertAdmin(ctx.actor.role);
  const accountId = ctx.actor.accountId;
  const { provider } = await providerFor(ctx, env, false);
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
    provider: connected && row ? row.provider : null,
    time_entries: connected && Boolean(row?.post_time_entry),
  };
}

/** Intake by ticket number: what the PSA knows about the ticket, to pre-fill a new session. */
export async function lookupTicket(ctx: Ctx, env: PsaEnv, ticket: string) {
  if (!canWork(ctx.actor.role)) throw forbidden('Viewers cannot start sessions');
  const { provider } = await providerFor(ctx, env, true);
  try {
    return await provider.getTicket(ticket);
  } catch (err) {
    return psaFailure(err, 'TICKET_NOT_FOUND');
  }
}

/** Links to members of the connected PSA (links to a PSA the account used before are kept, not shown). */
export function listMemberLinks(ctx: Ctx) {
  assertAdmin(ctx.actor.role);
  const accountId = ctx.actor.accountId;
  return withTenant(ctx.db, accountId, async (tx) =>
    repo.listMemberLinks(tx, accountId, await currentProvider(tx, accountId)),
  );
}

/** The connection's provider; ConnectWise when there is none yet (links are listed before connecting). */
async function currentProvider(tx: Queryable, accountId: string): Promise<PsaProviderName> {
  return (await repo.findConnection(tx, accountId))?.provider ?? 'connectwise';
}

/** Statuses and note types the tenant offers, for the settings pickers (admin, owner). */
export async function listChoices(ctx: Ctx, env: PsaEnv) {
  assertAdmin(ctx.actor.role);
  const { provider, name } = await providerFor(ctx, env, false);
  try {
    const choices = await provider.listChoices();
    return { provider: name, statuses: choices.statuses, note_types: choices.noteTypes };
  } catch (err) {
    return psaFailure(err);
  }
}

/** The PSA's active members, to pick from when linking. */
export async function listPsaMembers(ctx: Ctx, env: PsaEnv) {
  assertAdmin(ctx.actor.role);
  const { provider } = await providerFor(ctx, env, false);
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
  const { provider, name } = await providerFor(ctx, env, false);
  let member;
  try {
    member = await provider.getMember(memberId);
  } catch (err) {
    if (err instanceof PsaError && err.failure === 'not_found')
      throw badRequest(err.message, { field: 'member_id' });
    return psaFailure(err);
  }
  return withTenant(ctx.db, accountId, async (tx) => {
    await repo.upsertMemberLink(tx, accountId, userId, name, member, ctx.now);
    await insertAudit(
      tx,
      {
        accountId,
        actorUserId: ctx.actor.id,
        action: 'psa.member_linked',
        targetType: 'user',
        targetId: userId,
        details: { provider: name, member_id: member.id, member_identifier: member.identifier },
      },
      ctx.now,
    );
    return (await repo.listMemberLinks(tx, accountId, name)).find((l) => l.user_id === userId)!;
  });
}

export async function unlinkMember(ctx: Ctx, userId: string) {
  assertAdmin(ctx.actor.role);
  const accountId = ctx.actor.accountId;
  await withTenant(ctx.db, accountId, async (tx) => {
    const provider = await currentProvider(tx, accountId);
    if (!(await repo.deleteMemberLink(tx, accountId, userId, provider))) throw notFound('Member link');
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
