import { pino, stdTimeFunctions } from 'pino';
import { currentRequestId } from './request-scope';

/**
 * Structured JSON logs on pino, one object per line:
 * `{"level":"info","time":"<ISO>","request_id":"…","msg":"…",…fields}`. `request_id` is added to
 * every line logged while serving a request (see request-scope.ts). Secrets are never passed in on
 * purpose; redact() is the safety net for the ones that slip through.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export type Logger = {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
};

const SECRET_KEYS = /pass(word)?|secret|token|authorization|cookie|api_?key|private/i;

/**
 * Replaces the values of secret-looking keys, recursively, before anything is written. A key pattern
 * rather than pino's fixed `redact.paths`, so a secret is caught at any depth and under any name.
 */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 5 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [
      k,
      SECRET_KEYS.test(k) ? '[redacted]' : redact(v, depth + 1),
    ]),
  );
}

/** `write` receives each line, newline included; stdout by default (synchronously, as before pino). */
export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (line) => process.stdout.write(line),
): Logger {
  const log = pino(
    {
      level,
      base: null, // No pid or hostname: one process per container, and the lines stay short.
      timestamp: stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (fields) => redact(fields) as Record<string, unknown>,
      },
      // Fields passed to the call win over the mixin's (pino's default merge).
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { request_id: requestId } : {};
      },
    },
    { write },
  );
  return {
    debug: (msg, fields) => log.debug(fields ?? {}, msg),
    info: (msg, fields) => log.info(fields ?? {}, msg),
    warn: (msg, fields) => log.warn(fields ?? {}, msg),
    error: (msg, fields) => log.error(fields ?? {}, msg),
  };
}
