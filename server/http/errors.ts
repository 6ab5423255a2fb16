import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { ERROR_CODES, type ErrorCode } from '../../shared/error-codes';
import { AppError } from '../lib/app-error';

/**
 * Errors as HTTP answers: every error body is `{ code, message, details? }` (plus the extra fields a
 * code carries), its code one of shared/error-codes.ts. Use cases throw `AppError`
 * (server/lib/app-error.ts); this file only translates.
 */
export type ErrorBody = { code: ErrorCode; message: string; details?: unknown } & Record<string, unknown>;

export type ErrorReply = { status: ContentfulStatusCode; body: ErrorBody; headers?: Record<string, string> };

export const errorBody = (code: ErrorCode, message: string): ErrorBody => ({ code, message });

/** Answers with `code` at the status it is listed with, for replies made outside `onError`. */
export const replyWithError = (c: Context, code: ErrorCode, message: string) =>
  c.json(errorBody(code, message), ERROR_CODES[code].status);

/** Turns a schema failure into a 400 that names each bad field. */
export function validationErrorBody(error: ZodError): ErrorBody {
  const details = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  const first = details[0];
  return {
    code: 'VALIDATION_ERROR',
    message: first ? `Invalid request: ${first.path || 'body'}: ${first.message}` : 'Invalid request',
    details,
  };
}

export const INTERNAL_ERROR_BODY = errorBody(
  'INTERNAL',
  'Something went wrong on our side; the error has been logged',
);

// PostgreSQL errors a client can provoke map to 4xx; everything else is our bug and a 500.
const PG_CLIENT_ERRORS: Record<string, ['CONFLICT' | 'BAD_REQUEST', string]> = {
  '23505': ['CONFLICT', 'This conflicts with an existing record'],
  '22P02': ['BAD_REQUEST', 'A value has an invalid format'],
  // A NUL character (U+0000) cannot be stored in text or jsonb; JSON can carry one.
  '22021': ['BAD_REQUEST', 'A value contains a character that cannot be stored (U+0000)'],
  '22P05': ['BAD_REQUEST', 'A value contains a character that cannot be stored (U+0000)'],
  '22001': ['BAD_REQUEST', 'A value is too long'],
  '23514': ['BAD_REQUEST', 'A value is not allowed'],
};

function appErrorReply(err: AppError): ErrorReply {
  const body: ErrorBody = { code: err.code, message: err.message, ...err.extra };
  if (err.details !== undefined) body.details = err.details;
  const retryAfter =
    err.status === 429 &&
    err.details &&
    typeof err.details === 'object' &&
    'retry_after_seconds' in err.details
      ? String((err.details as { retry_after_seconds: number }).retry_after_seconds)
      : undefined;
  return { status: err.status, body, headers: retryAfter ? { 'Retry-After': retryAfter } : undefined };
}

/** Hono's own refusals (an unreadable JSON body, say); their status is kept, the code follows from it. */
function httpExceptionReply(err: HTTPException): ErrorReply {
  const status = err.status >= 400 && err.status < 500 ? err.status : 400;
  const code: ErrorCode =
    status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 401 ? 'UNAUTHORIZED' : 'BAD_REQUEST';
  return { status, body: errorBody(code, err.message || 'Bad request') };
}

/**
 * The answer to an error the app expects (a refusal, a framework 4xx, a database error the client
 * provoked); null for anything else, which is a bug the caller logs and answers with a 500.
 */
export function expectedErrorReply(err: Error): ErrorReply | null {
  if (err instanceof AppError) return appErrorReply(err);
  if (err instanceof HTTPException) return httpExceptionReply(err);
  const pgCode = (err as { code?: unknown }).code;
  const pgError = typeof pgCode === 'string' ? PG_CLIENT_ERRORS[pgCode] : undefined;
  if (pgError) {
    const [code, message] = pgError;
    return { status: ERROR_CODES[code].status, body: errorBody(code, message) };
  }
  return null;
}
