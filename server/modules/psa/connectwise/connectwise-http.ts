import { exchangeJson, OutboundHttpError, type OutboundRequestOptions } from '../../../lib/outbound-http';
import { OutboundUrlError } from '../../../lib/outbound-url-guard';
import { PsaError } from '../provider';

/** Everything needed to call one ConnectWise Manage site, decrypted just before use. */
export type ConnectWiseCredentials = {
  /** The site's origin, e.g. https://api-na.myconnectwise.net (see `normaliseSiteUrl`). */
  siteUrl: string;
  companyId: string;
  publicKey: string;
  privateKey: string;
  /** The integration's client id from developer.connectwise.com, sent as the `clientId` header. */
  clientId: string;
};

/** REST API 3.0 lives under this path on every site ("v4_6_release" is the stable alias of the current codebase). */
export const API_PATH = '/v4_6_release/apis/3.0';

// Member lists and note lists are larger than a webhook answer.
const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

/**
 * Accepts what an admin pastes: `api-na.myconnectwise.net`, `https://na.myconnectwise.net/`, or a URL
 * that already ends with the API path. Returns the origin (plus any path prefix of an on-premise site).
 */
export function normaliseSiteUrl(raw: string): string {
  const trimmed = raw.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  const url = new URL(withScheme);
  const path = url.pathname.replace(/\/+$/, '').replace(/\/v4_6_release\/apis\/3\.0$/i, '');
  return `${url.protocol}//${url.host}${path}`;
}

/** Basic `company+publicKey:privateKey`, as ConnectWise expects it. */
export const authorizationHeader = (c: ConnectWiseCredentials) =>
  `Basic ${Buffer.from(`${c.companyId}+${c.publicKey}:${c.privateKey}`, 'utf8').toString('base64')}`;

/** ConnectWise errors carry `{ code, message, errors: [{ message }] }`; show the most specific message. */
function explain(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown; errors?: { message?: unknown }[] };
    const detail = parsed.errors?.map((e) => e.message).find((m) => typeof m === 'string');
    const text = [parsed.message, detail].filter((m) => typeof m === 'string' && m).join(': ');
    if (text) return text.slice(0, 300);
  } catch {
    /* not JSON */
  }
  return body.replace(/\s+/g, ' ').trim().slice(0, 200);
}

/**
 * One call to the ConnectWise REST API with the outbound guards (the site URL is checked like a
 * webhook URL, at every call). Answers other than 2xx become a PsaError saying what went wrong in
 * words an admin can act on; `notFound` names what a 404 means for this call.
 */
export async function callConnectWise<T>(
  creds: ConnectWiseCredentials,
  http: OutboundRequestOptions,
  method: 'GET' | 'POST' | 'PATCH',
  path: string,
  body: unknown,
  notFound: string,
): Promise<T> {
  let res: Awaited<ReturnType<typeof exchangeJson>>;
  try {
    res = await exchangeJson(
      method,
      `${creds.siteUrl}${API_PATH}${path}`,
      body === undefined ? null : JSON.stringify(body),
      {
        authorization: authorizationHeader(creds),
        clientId: creds.clientId,
        accept: 'application/json',
        'user-agent': 'ResolutionFlow-PSA/1.0',
      },
      { ...http, maxResponseBytes: MAX_ANSWER_BYTES },
    );
  } catch (err) {
    if (err instanceof OutboundUrlError)
      throw new PsaError('url_refused', `ConnectWise site URL refused: ${err.message}`, undefined, {
        cause: err,
      });
    if (err instanceof OutboundHttpError)
      throw new PsaError('unavailable', `ConnectWise did not answer: ${err.message}`);
    throw err;
  }
  const { status } = res;
  if (status >= 200 && status < 300) {
    if (res.truncated) throw new PsaError('unavailable', 'ConnectWise sent a larger answer than expected');
    if (!res.body) return undefined as T;
    try {
      return JSON.parse(res.body) as T;
    } catch {
      throw new PsaError(
        'unavailable',
        `ConnectWise answered HTTP ${status} with something that is not JSON`,
      );
    }
  }
  if (status === 401)
    throw new PsaError(
      'auth',
      'ConnectWise refused the credentials (HTTP 401): check the company id, public and private key and client id',
    );
  if (status === 403)
    throw new PsaError(
      'auth',
      `ConnectWise denied access (HTTP 403): the API member's security role does not allow this${explainSuffix(res.body)}`,
    );
  if (status === 404) throw new PsaError('not_found', `${notFound} (HTTP 404)`);
  if (status === 400 || status === 409 || status === 422)
    throw new PsaError(
      'rejected',
      `ConnectWise refused the request (HTTP ${status})${explainSuffix(res.body)}`,
    );
  if (status >= 300 && status < 400)
    throw new PsaError(
      'unavailable',
      `ConnectWise answered HTTP ${status}: redirect not followed (check the site URL)`,
    );
  if (status === 429) {
    const retryAfterMs = retryAfter(res.headers['retry-after']);
    throw new PsaError(
      'unavailable',
      `ConnectWise is limiting the request rate (HTTP 429)${retryAfterMs === undefined ? '' : `; it asked to wait ${Math.ceil(retryAfterMs / 1000)} s`}`,
      { status, retryAfterMs },
    );
  }
  throw new PsaError('unavailable', `ConnectWise answered HTTP ${status}${explainSuffix(res.body)}`, {
    status,
  });
}

/** Retry-After in seconds or as an HTTP date, in milliseconds from now; undefined when absent or unreadable. */
export function retryAfter(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function explainSuffix(body: string) {
  const text = explain(body);
  return text ? `: ${text}` : '';
}
