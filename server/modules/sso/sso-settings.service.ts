import type { z } from '@hono/zod-openapi';
import type { Config } from '../../config';
import { withTenant } from '../../db/tenant';
import { AppError, conflict } from '../../lib/app-error';
import { assertOutboundUrl, OutboundUrlError } from '../../lib/outbound-url-guard';
import { insertAudit } from '../audit/audit.repo';
import { outboundPolicy, secretBoxFor } from '../channels/channel-targets';
import type { Ctx } from '../context';
import { assertAdmin } from '../members/members.permissions';
import { describeProviderError, discoverProvider } from './sso-provider';
import * as repo from './sso.repo';
import type { SsoDiscoveryResult, SsoSettings, SsoSettingsBody } from './sso.schemas';

export type SsoEnv = Ctx & { config: Config };

/** The path every provider must send the browser back to. */
export const SSO_CALLBACK_PATH = '/api/v1/auth/sso/callback';
export const ssoRedirectUri = (config: Config) => `${config.appUrl}${SSO_CALLBACK_PATH}`;

/** The sealed secret is bound to the account: copied into another account's row it does not open. */
export const secretContext = (accountId: string) => `sso:${accountId}:client_secret`;

export function openClientSecret(config: Config, row: repo.SsoSettingsRow): string | null {
  return row.client_secret_sealed
    ? secretBoxFor(config).open(row.client_secret_sealed, secretContext(row.account_id))
    : null;
}

function toView(config: Config, row: repo.SsoSettingsRow | undefined, domains: string[]) {
  return {
    configured: row !== undefined,
    issuer_url: row?.issuer_url ?? '',
    client_id: row?.client_id ?? '',
    has_secret: Boolean(row?.client_secret_sealed),
    allowed_domains: domains,
    default_role: row?.default_role ?? 'tech',
    sso_only: row?.sso_only ?? false,
    enabled: row?.enabled ?? false,
    redirect_uri: ssoRedirectUri(config),
  } satisfies z.infer<typeof SsoSettings>;
}

/** The account's SSO settings (admins and owners). The client secret never leaves the server. */
export async function getSsoSettings(env: SsoEnv) {
  assertAdmin(env.actor.role);
  const { accountId } = env.actor;
  return withTenant(env.db, accountId, async (tx) =>
    toView(env.config, await repo.findSettings(tx, accountId), await repo.listDomains(tx, accountId)),
  );
}

async function checkedIssuer(config: Config, raw: string) {
  try {
    const url = await assertOutboundUrl(raw, outboundPolicy(config));
    if (url.search || url.hash) throw new OutboundUrlError('The issuer URL takes no query or fragment');
    return url.href.replace(/\/$/, '');
  } catch (err) {
    if (err instanceof OutboundUrlError)
      throw new AppError('URL_NOT_ALLOWED', `Issuer URL refused: ${err.message}`, {
        details: { field: 'issuer_url' },
        cause: err,
      });
    throw err;
  }
}

/**
 * Saves the settings. Each email domain belongs to one account across the installation (sign-in finds
 * the account by it); a domain another account holds is refused with a 409 that does not say which.
 */
export async function saveSsoSettings(env: SsoEnv, body: z.infer<typeof SsoSettingsBody>) {
  assertAdmin(env.actor.role);
  const { accountId, id: userId } = env.actor;
  const issuer = await checkedIssuer(env.config, body.issuer_url);
  const sealed =
    body.client_secret !== undefined
      ? secretBoxFor(env.config).seal(body.client_secret, secretContext(accountId))
      : body.clear_secret
        ? null
        : undefined;
  return withTenant(env.db, accountId, async (tx) => {
    const before = await repo.findSettings(tx, accountId);
    await repo.upsertSettings(
      tx,
      {
        account_id: accountId,
        issuer_url: issuer,
        client_id: body.client_id,
        client_secret_sealed: sealed,
        default_role: body.default_role,
        sso_only: body.sso_only,
        enabled: body.enabled,
      },
      env.now,
    );
    const taken = await repo.replaceDomains(tx, accountId, body.allowed_domains);
    if (taken.length > 0) {
      // Thrown inside the transaction: nothing of this save is kept.
      throw conflict(
        'SSO_DOMAIN_TAKEN',
        `Already used for single sign-on by another account: ${taken.join(', ')}. A domain can belong to one account only.`,
        { domains: taken },
      );
    }
    await insertAudit(
      tx,
      {
        accountId,
        actorUserId: userId,
        action: 'account.sso_settings_saved',
        targetType: 'account',
        targetId: accountId,
        details: {
          issuer_url: issuer,
          allowed_domains: body.allowed_domains,
          default_role: body.default_role,
          sso_only: body.sso_only,
          enabled: body.enabled,
          secret_changed: sealed !== undefined,
          was_enabled: before?.enabled ?? false,
        },
      },
      env.now,
    );
    return toView(env.config, await repo.findSettings(tx, accountId), await repo.listDomains(tx, accountId));
  });
}

/**
 * Fetches the saved issuer's discovery document and says whether it works. A failure is an answer
 * (ok: false and why), not an error: the admin is testing exactly that.
 */
export async function testSsoDiscovery(env: SsoEnv): Promise<z.infer<typeof SsoDiscoveryResult>> {
  assertAdmin(env.actor.role);
  const { accountId } = env.actor;
  const row = await withTenant(env.db, accountId, (tx) => repo.findSettings(tx, accountId));
  if (!row) throw conflict('SSO_NOT_CONFIGURED', 'Save the single sign-on settings first');
  try {
    const provider = await discoverProvider(
      env.config,
      { issuerUrl: row.issuer_url, clientId: row.client_id, clientSecret: null },
      { fresh: true },
    );
    const meta = provider.serverMetadata();
    if (!meta.authorization_endpoint || !meta.token_endpoint || !meta.jwks_uri) {
      return {
        ok: false,
        message: 'The discovery document lacks an authorization, token or keys endpoint',
        issuer: meta.issuer,
        authorization_endpoint: meta.authorization_endpoint ?? null,
      };
    }
    return {
      ok: true,
      message: `Found the provider ${meta.issuer}`,
      issuer: meta.issuer,
      authorization_endpoint: meta.authorization_endpoint,
    };
  } catch (err) {
    return { ok: false, message: describeProviderError(err), issuer: null, authorization_endpoint: null };
  }
}
