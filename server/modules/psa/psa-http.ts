import { exchangeJson, OutboundHttpError, type OutboundRequestOptions } from '../../lib/outbound-http';
import { OutboundUrlError } from '../../lib/outbound-url-guard';
import { retryAfter } from './connectwise/connectwise-http';
import { PsaError } from './provider';
import type { RequestBudget } from './psa-rate-budget';

// Member lists, note lists and a page of closed tickets are larger than a webhook answer.
const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

export type VendorRequest = {
  /** The PSA's name in messages ("HaloPSA"). */
  vendor: string;
  method: 'GET' | 'POST' | 'PATCH';
  url: string;
  headers: Record<string, string>;
  /** Already encoded (JSON or a form); null for none. */
  body: string | null;
  /** What a 404 means for this call, in words for the admin. */
  notFound: string;
  /** What to check when the PSA refuses the credentials (401). */
  authHint: string;
  http: OutboundRequestOptions;
  /** The account's request budget with this PSA; a refused call is not sent. */
  budget?: RequestBudget;
  /** Reads the vendor's error body into a short sentence. */
  explain: (body: string) => string;
  now?: () => number;
};

/**
 * One call to a PSA's REST API with the outbound guards (the URL is checked like a webhook URL at
 * every call) and the account's request budget. A 2xx answer resolves with its parsed JSON; any
 * other answer becomes a PsaError in words an admin can act on, carrying the HTTP status (and on a
 * 429 how long the PSA asked us to wait) for callers that retry.
 */
export async function callVendor<T>(r: VendorRequest): Promise<T> {
  const now = r.now ?? Date.now;
  const refusal = r.budget?.take(now());
  if (refusal) {
    throw new PsaError(
      'unavailable',
      `${r.vendor} request not sent: ${refusal.reason}; next try in ${Math.ceil(refusal.retryAfterMs / 1000)} s`,
      { status: 429, retryAfterMs: refusal.retryAfterMs },
    );
  }
  let res: Awaited<ReturnType<typeof exchangeJson>>;
  try {
    res = await exchangeJson(
      r.method,
      r.url,
      r.body,
      { accept: 'application/json', 'user-agent': 'ResolutionFlow-PSA/1.0', ...r.headers },
      { ...r.http, maxResponseBytes: MAX_ANSWER_BYTES },
    );
  } catch (err) {
    if (err instanceof OutboundUrlError)
      throw new PsaError('url_refused', `${r.vendor} URL refused: ${err.message}`, undefined, {
        cause: err,
      });
    if (err instanceof OutboundHttpError)
      throw new PsaError('unavailable', `${r.vendor} did not answer: ${err.message}`);
    throw err;
  }
  const { status } = res;
  const suffix = () => {
    const text = r.explain(res.body);
    return text ? `: ${text}` : '';
  };
  if (status >= 200 && status < 300) {
    if (res.truncated) throw new PsaError('unavailable', `${r.vendor} sent a larger answer than expected`);
    if (!res.body.trim()) return undefined as T;
    try {
      return JSON.parse(res.body) as T;
    } catch {
      throw new PsaError(
        'unavailable',
        `${r.vendor} answered HTTP ${status} with something that is not JSON`,
      );
    }
  }
  if (status === 401)
    throw new PsaError('auth', `${r.vendor} refused the credentials (HTTP 401): ${r.authHint}`, {
      status,
    });
  if (status === 403)
    throw new PsaError(
      'auth',
      `${r.vendor} denied access (HTTP 403): the API user's permissions do not allow this${suffix()}`,
      { status },
    );
  if (status === 404) throw new PsaError('not_found', `${r.notFound} (HTTP 404)`, { status });
  if (status === 400 || status === 409 || status === 422)
    throw new PsaError('rejected', `${r.vendor} refused the request (HTTP ${status})${suffix()}`, { status });
  if (status >= 300 && status < 400)
    throw new PsaError(
      'unavailable',
      `${r.vendor} answered HTTP ${status}: redirect not followed (check the URL)`,
      { status },
    );
  if (status === 429) {
    const retryAfterMs = retryAfter(res.headers['retry-after']);
    if (retryAfterMs) r.budget?.block(now() + retryAfterMs);
    throw new PsaError(
      'unavailable',
      `${r.vendor} is limiting the request rate (HTTP 429)${retryAfterMs === undefined ? '' : `; it asked to wait ${Math.ceil(retryAfterMs / 1000)} s`}`,
      { status, retryAfterMs },
    );
  }
  throw new PsaError('unavailable', `${r.vendor} answered HTTP ${status}${suffix()}`, { status });
}

/** The most specific message of a JSON error body (`message`, `error_description`, `errors[]`), or its text. */
export function explainJsonError(body: string): string {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const errors = Array.isArray(parsed.errors)
      ? parsed.errors.map((e) => (typeof e === 'string' ? e : (e as { message?: unknown })?.message))
      : [];
    const text = [parsed.message, parsed.error_description, parsed.error, ...errors]
      .filter((m): m is string => typeof m === 'string' && m.length > 0)
      .filter((m, i, all) => all.indexOf(m) === i)
      .join(': ');
    if (text) return text.slice(0, 300);
  } catch {
    /* not JSON */
  }
  return body
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}

/** An https origin (plus path) from what an admin pastes: `acme.halopsa.com`, `https://x/y/`. */
export function normaliseBaseUrl(raw: string, stripSuffix?: RegExp): string {
  const trimmed = raw.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  const url = new URL(withScheme);
  let path = url.pathname.replace(/\/+$/, '');
  if (stripSuffix) path = path.replace(stripSuffix, '');
  return `${url.protocol}//${url.host}${path}`;
}

/** Plain text from the HTML some PSAs store in ticket fields and notes. */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h\d)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export const sameName = (a: string | null | undefined, b: string) =>
  (a ?? '').trim().toLowerCase() === b.trim().toLowerCase();
