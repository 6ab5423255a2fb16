import { PsaError } from '../provider';

export type RetryPolicy = {
  /** Longest single wait, whatever Retry-After asks (a PSA asking for an hour would stall the worker). */
  maxWaitMs: number;
  /** 429 answers in a row before the import gives up. */
  rateLimitRetries: number;
  /** 5xx answers, timeouts and refused connections in a row before the import gives up. */
  serverRetries: number;
  /** First wait after a 5xx; doubled each time. Also the wait after a 429 without Retry-After. */
  backoffMs: number;
};

export const DEFAULT_RETRY: RetryPolicy = {
  maxWaitMs: 60_000,
  rateLimitRetries: 10,
  serverRetries: 4,
  backoffMs: 1_000,
};

/**
 * Runs one PSA call again while the PSA says "later": a 429 waits what Retry-After asks (capped),
 * a 5xx or a call without an answer backs off exponentially. Anything else (refused credentials, a
 * refused request, a missing ticket) is not going to change by waiting and is thrown at once, as is
 * the last failure when the retries run out — its message then says how often it was tried.
 */
export async function withRetries<T>(
  fn: () => Promise<T>,
  policy: RetryPolicy,
  sleep: (ms: number) => Promise<void>,
): Promise<T> {
  let rateLimited = 0;
  let failed = 0;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof PsaError) || err.failure !== 'unavailable') throw err;
      const status = err.answer?.status;
      // A 3xx or another 4xx is an answer that waiting will not change.
      if (status !== undefined && status !== 429 && status < 500) throw err;
      let waitMs: number;
      if (status === 429) {
        if (++rateLimited > policy.rateLimitRetries)
          throw new PsaError(
            'unavailable',
            `${err.message}; still limited after ${policy.rateLimitRetries} retries`,
            err.answer,
          );
        waitMs = err.answer?.retryAfterMs ?? policy.backoffMs;
      } else {
        if (++failed > policy.serverRetries)
          throw new PsaError(
            'unavailable',
            `${err.message} (tried ${policy.serverRetries + 1} times)`,
            err.answer,
          );
        waitMs = policy.backoffMs * 2 ** (failed - 1);
      }
      await sleep(Math.min(waitMs, policy.maxWaitMs));
    }
  }
}
