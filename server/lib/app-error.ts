import {
  type CodeWithStatus,
  ERROR_CODES,
  type ErrorCode,
  type ErrorStatus,
  type OtherStatusOf,
} from '../../shared/error-codes';

export type AppErrorOptions<C extends ErrorCode> = {
  /** Sent as `details` in the body, e.g. the fields or problems behind a 400. */
  details?: unknown;
  /** Extra top-level fields of the error body (e.g. `claimed_by` on ALREADY_CLAIMED). */
  extra?: Record<string, unknown>;
  /** One of the code's `otherStatuses` in shared/error-codes.ts; only the few codes listed with one accept it. */
  status?: OtherStatusOf<C>;
  /** The error behind the refusal, for the server log only (e.g. why a URL was refused); never sent. */
  cause?: unknown;
};

/**
 * The one error type use cases throw for a refusal. It knows nothing of HTTP beyond the status its
 * code is listed with (shared/error-codes.ts), so a code cannot be paired with the wrong status;
 * server/http/errors.ts turns it into `{ code, message, details? }`. Anything else thrown becomes a 500
 * whose details stay in the log.
 */
export class AppError<C extends ErrorCode = ErrorCode> extends Error {
  readonly status: ErrorStatus;
  readonly details?: unknown;
  readonly extra?: Record<string, unknown>;

  constructor(
    readonly code: C,
    message: string,
    options: AppErrorOptions<C> = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    // A code's other statuses are ErrorStatus too; TypeScript cannot see it through the generic.
    this.status = (options.status as ErrorStatus | undefined) ?? ERROR_CODES[code].status;
    this.details = options.details;
    this.extra = options.extra;
  }
}

export const badRequest = (message: string, details?: unknown) =>
  new AppError('BAD_REQUEST', message, { details });
export const unauthorized = (message = 'Authentication required') => new AppError('UNAUTHORIZED', message);
export const forbidden = (message = 'You do not have permission to do this') =>
  new AppError('FORBIDDEN', message);
/** Cross-tenant and missing rows answer the same, so existence is never confirmed. */
export const notFound = (what = 'Resource') => new AppError('NOT_FOUND', `${what} not found`);
/** A 409: only codes listed with status 409 are accepted. */
export const conflict = (code: CodeWithStatus<409>, message: string, extra?: Record<string, unknown>) =>
  new AppError(code, message, { extra });
