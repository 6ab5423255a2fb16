import { AppError } from '../lib/app-error';

// SQLSTATE class 08 (connection exception) and the shutdown family of class 57 (admin, crash,
// cannot connect now, database dropped): the server is going away or not back yet.
const UNAVAILABLE_SQLSTATES = /^(08...|57P0[1-4])$/;
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
// node-postgres reports a lost or unobtainable connection with plain errors that carry no code.
const CONNECTION_MESSAGES =
  /Connection terminated|not queryable|timeout exceeded when trying to connect|Connection ended unexpectedly/i;

/** True when `err` means the database cannot be reached right now, not that a query was wrong. */
export function isConnectionLoss(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.test(code) || NETWORK_CODES.has(code))) return true;
  return CONNECTION_MESSAGES.test(err.message);
}

/**
 * A database outage (restart, failover, network) as clients see it: 503, "try again", instead of a
 * 500 that says we broke something. The driver's error stays attached as `cause` for the logs.
 */
export class DatabaseUnavailableError extends AppError {
  constructor(cause: unknown) {
    super('DATABASE_UNAVAILABLE', 'The database cannot be reached right now; try again in a moment');
    this.cause = cause;
  }
}

/** Turns a connection loss into DatabaseUnavailableError; any other error passes through unchanged. */
export const asUnavailable = (err: unknown) =>
  isConnectionLoss(err) ? new DatabaseUnavailableError(err) : err;
