import { describe, expect, it } from 'vitest';
import { retryAfter } from '../connectwise/connectwise-http';
import { PsaError } from '../provider';
import { withRetries, type RetryPolicy } from './psa-retry';

const policy: RetryPolicy = { maxWaitMs: 5_000, rateLimitRetries: 2, serverRetries: 2, backoffMs: 100 };
const limited = (retryAfterMs?: number) =>
  new PsaError('unavailable', 'ConnectWise is limiting the request rate (HTTP 429)', {
    status: 429,
    retryAfterMs,
  });
const down = () => new PsaError('unavailable', 'ConnectWise answered HTTP 502', { status: 502 });

/** A call that fails with the given errors in turn, then answers 'ok'. */
function failing(...errors: Error[]) {
  let calls = 0;
  const fn = async () => {
    const err = errors[calls++];
    if (err) throw err;
    return 'ok';
  };
  return { fn, calls: () => calls };
}

describe('PSA retries', () => {
  it('waits what Retry-After asks, capped, then the same call again', async () => {
    const waits: number[] = [];
    const call = failing(limited(3_000), limited(3_600_000));
    await expect(withRetries(call.fn, policy, async (ms) => void waits.push(ms))).resolves.toBe('ok');
    expect(waits).toEqual([3_000, 5_000]);
    expect(call.calls()).toBe(3);
  });

  it('backs off exponentially after 5xx and gives up with how often it tried', async () => {
    const waits: number[] = [];
    const call = failing(down(), down(), down());
    await expect(withRetries(call.fn, policy, async (ms) => void waits.push(ms))).rejects.toThrow(
      'ConnectWise answered HTTP 502 (tried 3 times)',
    );
    expect(waits).toEqual([100, 200]);
  });

  it('gives up after too many 429s, and never retries what waiting cannot fix', async () => {
    const call = failing(limited(0), limited(0), limited(0));
    await expect(withRetries(call.fn, policy, async () => {})).rejects.toThrow(
      'still limited after 2 retries',
    );
    for (const err of [
      new PsaError('auth', 'refused'),
      new PsaError('not_found', 'gone'),
      new PsaError('unavailable', 'redirect', { status: 302 }),
    ]) {
      const once = failing(err);
      await expect(withRetries(once.fn, policy, async () => {})).rejects.toBe(err);
      expect(once.calls()).toBe(1);
    }
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfter('7', now)).toBe(7_000);
    expect(retryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(retryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(retryAfter(undefined, now)).toBeUndefined();
    expect(retryAfter('soon', now)).toBeUndefined();
  });
});
