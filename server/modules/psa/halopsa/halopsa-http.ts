import { createHash } from 'node:crypto';
import type { OutboundRequestOptions } from '../../../lib/outbound-http';
import { PsaError } from '../provider';
import { callVendor, explainJsonError, normaliseBaseUrl } from '../psa-http';
import { budgetFor, VENDOR_BUDGETS, type Budget } from '../psa-rate-budget';

/** Everything needed to call one HaloPSA tenant, decrypted just before use. */
export type HaloCredentials = {
  /** The resource server, e.g. https://acme.halopsa.com (the API is under /api). */
  apiUrl: string;
  /** The authorisation server, e.g. https://acme.halopsa.com/auth (tokens from {authUrl}/token). */
  authUrl: string;
  clientId: string;
  clientSecret: string;
  /** Hosted tenants name themselves on the token request; null on premise. */
  tenant: string | null;
};

export type HaloOptions = {
  http: OutboundRequestOptions;
  /** Whose request budget the calls count against (the account). */
  budgetKey: string;
  /** Tests shrink it; production uses HaloPSA's documented budget. */
  budget?: Budget;
  now?: () => number;
};

const VENDOR = 'HaloPSA';
const AUTH_HINT = 'check the client id and client secret of the API application';
/** A token is renewed this long before HaloPSA says it expires, so it never runs out mid-call. */
const EXPIRY_MARGIN_MS = 60_000;

/** Accepts `acme.halopsa.com`, `https://acme.halopsa.com/api/`: the origin without `/api`. */
export const normaliseHaloApiUrl = (raw: string) => normaliseBaseUrl(raw, /\/api$/i);
/** Accepts `https://acme.halopsa.com/auth/token` as well as `.../auth`. */
export const normaliseHaloAuthUrl = (raw: string) => normaliseBaseUrl(raw, /\/token$/i);

type CachedToken = { token: string; expiresAt: number };
/**
 * Access tokens by tenant and credentials, shared by every call of this process: a token lives
 * about an hour, and asking for one per call would spend the tenant's request budget twice.
 */
const tokens = new Map<string, CachedToken>();

const tokenKey = (c: HaloCredentials) =>
  createHash('sha256')
    .update([c.authUrl, c.tenant ?? '', c.clientId, c.clientSecret].join('\u0000'))
    .digest('hex');

/**
 * Calls to one HaloPSA tenant: OAuth2 client credentials (scope `all`) against the tenant's
 * authorisation server, the token cached until shortly before it expires, and one fresh token when
 * the API answers 401 anyway (revoked, or the tenant restarted). A second 401 is a real refusal.
 */
export function haloClient(creds: HaloCredentials, o: HaloOptions) {
  const budget = budgetFor(`halopsa:${o.budgetKey}`, o.budget ?? VENDOR_BUDGETS.halopsa);
  const now = o.now ?? Date.now;
  const key = tokenKey(creds);

  async function fetchToken(): Promise<string> {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: creds.clientId,
      client_secret: creds.clientSecret,
      scope: 'all',
    }).toString();
    const query = creds.tenant ? `?tenant=${encodeURIComponent(creds.tenant)}` : '';
    let answer: { access_token?: unknown; expires_in?: unknown; token_type?: unknown };
    try {
      answer = await callVendor({
        vendor: VENDOR,
        method: 'POST',
        url: `${creds.authUrl}/token${query}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
        notFound: 'No HaloPSA authorisation server at this URL (check the authorisation URL)',
        authHint: AUTH_HINT,
        http: o.http,
        budget,
        explain: explainJsonError,
        now,
      });
    } catch (err) {
      // OAuth servers answer a wrong client with 400 invalid_client (RFC 6749 §5.2).
      if (
        err instanceof PsaError &&
        err.failure === 'rejected' &&
        /invalid_client|unauthorized_client/.test(err.message)
      )
        throw new PsaError('auth', `HaloPSA refused the credentials: ${AUTH_HINT}`, err.answer);
      throw err;
    }
    if (typeof answer?.access_token !== 'string' || !answer.access_token)
      throw new PsaError('unavailable', 'HaloPSA answered the token request without an access token');
    const lifetimeS = typeof answer.expires_in === 'number' ? answer.expires_in : 3600;
    tokens.set(key, {
      token: answer.access_token,
      expiresAt: now() + Math.max(0, lifetimeS * 1000 - EXPIRY_MARGIN_MS),
    });
    return answer.access_token;
  }

  async function token(fresh: boolean) {
    const cached = tokens.get(key);
    if (!fresh && cached && cached.expiresAt > now()) return cached.token;
    tokens.delete(key);
    return fetchToken();
  }

  /** One API call (`path` under /api); `notFound` says what a 404 means here. */
  async function call<T>(method: 'GET' | 'POST', path: string, body: unknown, notFound: string): Promise<T> {
    const send = async (fresh: boolean) =>
      callVendor<T>({
        vendor: VENDOR,
        method,
        url: `${creds.apiUrl}/api${path}`,
        headers: { authorization: `Bearer ${await token(fresh)}` },
        body: body === undefined ? null : JSON.stringify(body),
        notFound,
        authHint: AUTH_HINT,
        http: o.http,
        budget,
        explain: explainJsonError,
        now,
      });
    try {
      return await send(false);
    } catch (err) {
      if (!(err instanceof PsaError) || err.answer?.status !== 401) throw err;
      return send(true);
    }
  }

  return { call, budget };
}

export type HaloClient = ReturnType<typeof haloClient>;
