import type { OutboundRequestOptions } from '../../../lib/outbound-http';
import { PsaError } from '../provider';
import { callVendor, explainJsonError } from '../psa-http';
import { budgetFor, VENDOR_BUDGETS, type Budget } from '../psa-rate-budget';
import { inAutotaskThread, objectEndpoint } from './autotask-threads';

/** Everything needed to call one Autotask database, decrypted just before use. */
export type AutotaskCredentials = {
  /** The API user's user name (an email address); its zone is discovered from it. */
  username: string;
  secret: string;
  /** The API tracking identifier of the integration. */
  integrationCode: string;
};

export type AutotaskOptions = {
  http: OutboundRequestOptions;
  /** Where zones are discovered: https://webservices.autotask.net/atservicesrest (tests point it elsewhere). */
  discoveryUrl: string;
  /** Whose request budget the calls count against (the account: one Autotask database). */
  budgetKey: string;
  /** Tests shrink it; production uses Autotask's documented 10,000 requests an hour. */
  budget?: Budget;
  now?: () => number;
};

const VENDOR = 'Autotask';
const AUTH_HINT = 'check the API user name, secret and integration code';
/** Zones rarely move; a discovered one is trusted this long. */
const ZONE_TTL_MS = 60 * 60_000;

type ZoneInformation = { zoneName?: string; url?: string; webUrl?: string; ci?: number };
const zones = new Map<string, { url: string; expiresAt: number }>();

/**
 * Calls to one Autotask database. The zone (webservicesN.autotask.net) is discovered from the user
 * name with `zoneInformation` (no credentials needed) and cached; every call then carries the
 * `ApiIntegrationCode`, `UserName` and `Secret` headers.
 */
export function autotaskClient(creds: AutotaskCredentials, o: AutotaskOptions) {
  const budget = budgetFor(`autotask:${o.budgetKey}`, o.budget ?? VENDOR_BUDGETS.autotask);
  const now = o.now ?? Date.now;
  const discovery = o.discoveryUrl.replace(/\/+$/, '');
  const zoneKey = `${discovery}|${creds.username.toLowerCase()}`;

  async function zoneUrl(): Promise<string> {
    const cached = zones.get(zoneKey);
    if (cached && cached.expiresAt > now()) return cached.url;
    const info = await callVendor<ZoneInformation>({
      vendor: VENDOR,
      method: 'GET',
      url: `${discovery}/v1.0/zoneInformation?user=${encodeURIComponent(creds.username)}`,
      headers: {},
      body: null,
      notFound: `Autotask knows no API user named ${creds.username} (zone discovery)`,
      authHint: AUTH_HINT,
      http: o.http,
      explain: explainJsonError,
      now,
    }).catch((err: unknown) => {
      // Zone discovery answers an unknown user with an error ("could not be determined"), not a zone.
      if (
        err instanceof PsaError &&
        (err.failure === 'rejected' ||
          err.failure === 'not_found' ||
          (err.answer?.status === 500 && /could not be determined/i.test(err.message)))
      )
        throw new PsaError(
          'auth',
          `Autotask found no zone for the user name ${creds.username}: ${AUTH_HINT}`,
        );
      throw err;
    });
    if (typeof info?.url !== 'string' || !info.url)
      throw new PsaError('auth', `Autotask found no zone for the user name ${creds.username}: ${AUTH_HINT}`);
    const url = info.url.replace(/\/+$/, '');
    zones.set(zoneKey, { url, expiresAt: now() + ZONE_TTL_MS });
    return url;
  }

  /**
   * One API call: `path` is relative to the zone's `v1.0/` (e.g. `Tickets/123`), or a full URL the
   * API handed us (`pageDetails.nextPageUrl`), which must lie in the same zone. At most three run at
   * a time per object endpoint (autotask-threads.ts).
   */
  async function call<T>(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    body: unknown,
    notFound: string,
  ): Promise<T> {
    const base = `${await zoneUrl()}/v1.0/`;
    const url = /^https?:\/\//i.test(path) ? path : `${base}${path}`;
    if (!url.toLowerCase().startsWith(base.toLowerCase()))
      throw new PsaError('unavailable', 'Autotask handed out a page link outside its zone; not followed');
    // The limit is per Autotask database (here: the account), tracking identifier and endpoint.
    const thread = `${o.budgetKey}|${creds.integrationCode}|${objectEndpoint(url.slice(base.length))}`;
    return inAutotaskThread(thread, () =>
      callVendor<T>({
        vendor: VENDOR,
        method,
        url,
        headers: {
          ApiIntegrationCode: creds.integrationCode,
          UserName: creds.username,
          Secret: creds.secret,
        },
        body: body === undefined ? null : JSON.stringify(body),
        notFound,
        authHint: AUTH_HINT,
        http: o.http,
        budget,
        explain: explainJsonError,
        now,
      }),
    );
  }

  return { call, budget, zoneUrl };
}

export type AutotaskClient = ReturnType<typeof autotaskClient>;
