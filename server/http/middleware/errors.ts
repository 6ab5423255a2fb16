import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import { AppError } from '../errors';
import type { AppEnv } from '../types';

export type ErrorBody = { code: string; message: string; details?: unknown };

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

// PostgreSQL errors a client can provoke map to 4xx; everything else is our bug and a 500.
const PG_CLIENT_ERRORS: Record<string, [409 | 400, string, string]> = {
  '23505': [409, 'CONFLICT', 'This conflicts with an existing record'],
  '22P02': [400, 'BAD_REQUEST', 'A value has an invalid format'],
  // A NUL character (U+0000) cannot be stored in text or jsonb; JSON can carry one.
  '22021': [400, 'BAD_REQUEST', 'A value contains a character that cannot be stored (U+0000)'],
  '22P05': [400, 'BAD_REQUEST', 'A value contains a character that cannot be stored (U+0000)'],
  '22001': [400, 'BAD_REQUEST', 'A value is too long'],
  '23514': [400, 'BAD_REQUEST', 'A value is not allowed'],
};

export function handleError(err: Error, c: Context<AppEnv>) {
  if (err instanceof AppError) {
    if (
      err.status === 429 &&
      err.details &&
      typeof err.details === 'object' &&
      'retry_after_seconds' in err.details
    ) {
      c.header('Retry-After', String((err.details as { retry_after_seconds: number }).retry_after_seconds));
    }
    const body: ErrorBody & Record<string, unknown> = { code: err.code, message: err.message, ...err.extra };
    if (err.details !== undefined) body.details = err.details;
    return c.json(body, err.status);
  }
  if (err instanceof HTTPException) {
    const status = err.status >= 400 && err.status < 500 ? err.status : 400;
    const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 401 ? 'UNAUTHORIZED' : 'BAD_REQUEST';
    return c.json({ code, message: err.message || 'Bad request' }, status as 400);
  }
  const pgCode = (err as { code?: unknown }).code;
  if (typeof pgCode === 'string' && PG_CLIENT_ERRORS[pgCode]) {
    const [status, code, message] = PG_CLIENT_ERRORS[pgCode];
    return c.json({ code, message }, status);
  }
  c.get('deps')?.logger.error('unhandled error', {
    request_id: c.get('requestId'),
    error: err.message,
    stack: err.stack,
  });
  return c.json(
    { code: 'INTERNAL', message: 'Something went wrong on our side; the error has been logged' },
    500,
  );
}
