import * as oidc from 'openid-client';
import type { Config } from '../../config';
import { assertOutboundUrl, OutboundUrlError } from '../../lib/outbound-url-guard';
import { outboundPolicy } from '../channels/channel-targets';

/** Every call to an identity provider (discovery, keys, token exchange) gives up after this long. */
const PROVIDER_TIMEOUT_SECONDS = 10;

/** The parts of an account's settings the provider calls need; the secret already opened. */
export type ProviderSettings = { issuerUrl: string; clientId: string; clientSecret: string | null };

/**
 * The fetch that openid-client uses for every request to a tenant-configured provider: each URL it
 * calls (the discovery document names further endpoints, which the tenant controls too) goes through
 * the outbound URL guard first, so an admin cannot point our server at the private network.
 * Redirects are never followed (openid-client asks for `manual`; we insist). The check resolves the
 * host and fetch resolves it again: unlike the webhook sender the connection is not pinned to the
 * checked address, a narrow DNS-rebinding window we accept for a settings-only, admin-entered URL.
 */
export function guardedFetch(config: Config): oidc.CustomFetch {
  const policy = outboundPolicy(config);
  return async (url, options) => {
    await assertOutboundUrl(url, policy);
    return fetch(url, { ...options, redirect: 'manual' } as RequestInit);
  };
}

/**
 * Discovered configurations, reused for a few minutes: sign-in start is public, and without this each
 * request would make us fetch the provider's discovery document (and keys) again. Keyed by everything
 * the configuration holds, so a changed issuer, client or secret is discovered afresh.
 */
const DISCOVERY_TTL_MS = 5 * 60_000;
const MAX_CACHED = 200;
const discovered = new Map<string, { at: number; provider: oidc.Configuration }>();

/**
 * Reads the provider's discovery document and returns the client configuration that openid-client
 * works with (from the cache unless `fresh`: a "test discovery" always asks the provider). Plain http
 * is accepted only where the guard let it through (never in production).
 */
export async function discoverProvider(
  config: Config,
  s: ProviderSettings,
  options: { fresh?: boolean } = {},
): Promise<oidc.Configuration> {
  const key = JSON.stringify([
    config.isProduction,
    config.allowPrivateWebhooks,
    s.issuerUrl,
    s.clientId,
    s.clientSecret,
  ]);
  const hit = discovered.get(key);
  if (!options.fresh && hit && Date.now() - hit.at < DISCOVERY_TTL_MS) return hit.provider;
  const provider = await discoverUncached(config, s);
  if (discovered.size >= MAX_CACHED) discovered.delete(discovered.keys().next().value!);
  discovered.set(key, { at: Date.now(), provider });
  return provider;
}

async function discoverUncached(config: Config, s: ProviderSettings): Promise<oidc.Configuration> {
  const issuer = await assertOutboundUrl(s.issuerUrl, outboundPolicy(config));
  return oidc.discovery(
    issuer,
    s.clientId,
    s.clientSecret ?? undefined,
    s.clientSecret ? oidc.ClientSecretPost(s.clientSecret) : oidc.None(),
    {
      [oidc.customFetch]: guardedFetch(config),
      timeout: PROVIDER_TIMEOUT_SECONDS,
      execute: issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [],
    },
  );
}

/**
 * A failure talking to the provider, in words an admin can act on. Never includes the secret; the
 * provider's own error code and description are theirs to show.
 */
export function describeProviderError(err: unknown): string {
  if (err instanceof OutboundUrlError) return `Issuer URL refused: ${err.message}`;
  if (err instanceof oidc.ResponseBodyError) {
    return `The provider refused: ${err.error}${err.error_description ? ` (${err.error_description})` : ''}`;
  }
  if (err instanceof oidc.AuthorizationResponseError) {
    return `The provider refused: ${err.error}${err.error_description ? ` (${err.error_description})` : ''}`;
  }
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
    if (err.name === 'TimeoutError' || err.name === 'AbortError')
      return `The provider did not answer within ${PROVIDER_TIMEOUT_SECONDS} s`;
    return `${err.message}${cause}`.slice(0, 300);
  }
  return 'Unknown error';
}
