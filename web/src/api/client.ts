import createClient, {
  type ClientPathsWithMethod,
  type MethodResponse,
  type Middleware,
} from 'openapi-fetch';
import type { ErrorCode } from '../../../shared/error-codes';
import type { components, paths } from './schema.gen';

export const API_BASE = '/api/v1';

/**
 * Codes the web client gives failures that never reached the API's error body: no answer at all, or
 * an answer without `{ code }` (a proxy's error page, a crashed server), named by its status.
 */
export type ClientErrorCode = 'NETWORK_ERROR' | `HTTP_${number}`;

/** What `ApiError.code` can be: a code the server lists in shared/error-codes.ts, or one of ours. */
export type ApiErrorCode = ErrorCode | ClientErrorCode;

export interface ApiErrorInit {
  status: number;
  code: ApiErrorCode;
  message: string;
  details?: unknown;
  retryAfterSeconds?: number | null;
  /** The whole parsed error body, for codes that carry extra fields (e.g. `claimed_by` on ALREADY_CLAIMED). */
  body?: unknown;
}

/** Every failed API call rejects with this, so callers can branch on `status`/`code` and show `message`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly details: unknown;
  /** Parsed from Retry-After on 429 responses; null when the server did not say. */
  readonly retryAfterSeconds: number | null;
  /** The parsed JSON error body as the server sent it (null when there was none or it was not JSON). */
  readonly body: unknown;

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.details = init.details;
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
    this.body = init.body ?? null;
  }
}

// The CSRF token lives only in memory: it is handed out by login/me and must not outlive the page.
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function getCsrfToken(): string | null {
  return csrfToken;
}

type UnauthorizedListener = () => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/** Called whenever a request answers 401, i.e. the session is gone; the app then shows the login page. */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

const mfaEnrolmentListeners = new Set<() => void>();

/**
 * Called when a request answers 403 MFA_ENROLMENT_REQUIRED: the account now requires two-factor
 * sign-in and this user has none (the setting may have been turned on mid-session), so the app
 * switches to the enrolment walk-through.
 */
export function onMfaEnrolmentRequired(listener: () => void): () => void {
  mfaEnrolmentListeners.add(listener);
  return () => mfaEnrolmentListeners.delete(listener);
}

/** The API's wire shapes by component name, e.g. `Schemas['SessionDetail']`. */
export type Schemas = components['schemas'];

/**
 * The body a successful call answers with, for answers the OpenAPI document gives no name,
 * e.g. `ResponseOf<'get', '/invites/accept/{token}'>`.
 */
export type ResponseOf<
  M extends 'get' | 'post' | 'put' | 'patch' | 'delete',
  P extends ClientPathsWithMethod<typeof api, M>,
> = MethodResponse<typeof api, M, P>;

const STATE_CHANGING_METHODS: ReadonlySet<string> = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

/** Sends the CSRF token with every state-changing request (the session cookie goes along by itself). */
const csrfHeader: Middleware = {
  onRequest({ request }) {
    if (STATE_CHANGING_METHODS.has(request.method) && csrfToken)
      request.headers.set('X-CSRF-Token', csrfToken);
  },
};

/**
 * Turns every failure into an ApiError, so a call resolves only with a successful answer: no answer at
 * all is NETWORK_ERROR (an abort stays an AbortError), an error answer is read from its body. A 401
 * means the session is gone, so the unauthorized listeners hear of it when `reportUnauthorized`.
 */
function failuresAsApiError(reportUnauthorized: boolean): Middleware {
  return {
    onError({ error }) {
      if (error instanceof DOMException && error.name === 'AbortError') return;
      return new ApiError({
        status: 0,
        code: 'NETWORK_ERROR',
        message: 'Could not reach the server. Check your connection and try again.',
      });
    },
    async onResponse({ response }) {
      if (response.ok) return;
      const error = await toApiError(response);
      if (response.status === 401 && reportUnauthorized) {
        for (const listener of [...unauthorizedListeners]) listener();
      }
      if (error.code === 'MFA_ENROLMENT_REQUIRED') {
        for (const listener of [...mfaEnrolmentListeners]) listener();
      }
      throw error;
    },
  };
}

function createApiClient(reportUnauthorized: boolean) {
  const client = createClient<paths>({
    baseUrl: API_BASE,
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
    // Looked up on each call rather than captured once, so a fetch replaced later (tests) is the one used.
    fetch: (request) => globalThis.fetch(request),
  });
  client.use(csrfHeader, failuresAsApiError(reportUnauthorized));
  return client;
}

/**
 * The typed client of /api/v1 (openapi-fetch over the generated `schema.gen.ts`): paths, parameters,
 * bodies and answers are checked against the server's OpenAPI document. A call resolves with
 * `{ data }` only for a successful answer; every failure rejects with an ApiError. Unwrap with `dataOf`.
 */
export const api = createApiClient(true);

/**
 * The same client for calls where 401 is an expected answer (wrong password, no session yet) rather
 * than a sign that the current session expired: it does not trigger the global "show login page" reaction.
 */
export const apiExpecting401 = createApiClient(false);

/** The body of a successful answer (failures were already thrown as ApiError by the client). */
export async function dataOf<T>(call: Promise<{ data?: T }>): Promise<T> {
  return (await call).data as T;
}

/** Options for endpoints that answer with Markdown or plain text (their errors are still JSON). */
export const asText = {
  parseAs: 'text',
  headers: { Accept: 'text/markdown, text/plain;q=0.9, */*;q=0.1' },
} as const;

async function toApiError(response: Response): Promise<ApiError> {
  const retryAfterSeconds = parseRetryAfter(response.headers.get('Retry-After'));
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Proxies and crashed servers answer with HTML or nothing; fall through to a generic message.
  }
  if (isErrorBody(body)) {
    return new ApiError({
      status: response.status,
      code: body.code,
      message: body.message || fallbackMessage(response.status, body.code),
      details: body.details,
      retryAfterSeconds,
      body,
    });
  }
  return new ApiError({
    status: response.status,
    code: `HTTP_${response.status}`,
    message: fallbackMessage(response.status),
    retryAfterSeconds,
    body,
  });
}

// The server sends only listed codes, so a string `code` is taken as an ErrorCode without checking the list.
export function isErrorBody(body: unknown): body is { code: ErrorCode; message?: string; details?: unknown } {
  return typeof body === 'object' && body !== null && typeof (body as { code?: unknown }).code === 'string';
}

function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value); // Retry-After may also be an HTTP date.
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

// Used only when the server sends a code without a message, so people never see a bare code.
const CODE_MESSAGES: Partial<Record<ApiErrorCode, string>> = {
  INVALID_CREDENTIALS: 'Email or password is incorrect.',
  RATE_LIMITED: 'Too many attempts. Please wait a moment and try again.',
};

function fallbackMessage(status: number, code?: ApiErrorCode): string {
  const known = code ? CODE_MESSAGES[code] : undefined;
  if (known) return known;
  if (status === 401) return 'Your session has ended. Please sign in again.';
  if (status === 403) return 'You do not have permission to do that.';
  if (status === 404) return 'Not found.';
  if (status === 429) return 'Too many requests. Please wait a moment and try again.';
  if (status >= 500) return 'The server ran into a problem. Please try again.';
  return `Request failed (${status}).`;
}
