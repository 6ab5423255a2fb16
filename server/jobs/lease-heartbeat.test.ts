import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { heartbeatIntervalMs, LeaseHeartbeat, leaseExpiry, WORK_LEASE_MS } from './lease-heartbeat';

describe('lease timing', () => {
  it('renews four times per lease, so a live holder must miss three beats in a row to lose it', () => {
    expect(heartbeatIntervalMs(WORK_LEASE_MS)).toBe(2_000);
    expect(heartbeatIntervalMs(60_000)).toBe(15_000);
    expect(WORK_LEASE_MS / heartbeatIntervalMs(WORK_LEASE_MS)).toBe(4);
  });

  it('keeps dead work waiting well under 10 s: the lease plus one 2 s poll', () => {
    expect(WORK_LEASE_MS + 2_000).toBeLessThanOrEqual(10_000);
  });

  it('never asks for a zero interval (a tiny lease in a test would spin)', () => {
    expect(heartbeatIntervalMs(1)).toBe(10);
  });

  it('dates the expiry from the moment of the renewal', () => {
    expect(leaseExpiry(new Date('2026-01-01T00:00:00Z'), 8_000)).toEqual(new Date('2026-01-01T00:00:08Z'));
  });
});

describe('LeaseHeartbeat', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('renews every interval until stopped', async () => {
    const renew = vi.fn(async () => true);
    const beat = new LeaseHeartbeat(renew, 1_000, () => {}).start();
    await vi.advanceTimersByTimeAsync(3_500);
    expect(renew).toHaveBeenCalledTimes(3);
    await beat.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(renew).toHaveBeenCalledTimes(3);
    expect(beat.lost).toBe(false);
  });

  it('never overlaps renewals: a beat finding one in flight is skipped, not queued', async () => {
    let finish!: () => void;
    const renew = vi.fn(() => new Promise<boolean>((r) => (finish = () => r(true))));
    const beat = new LeaseHeartbeat(renew, 1_000, () => {}).start();
    await vi.advanceTimersByTimeAsync(4_000); // four beats, one slow renewal
    expect(renew).toHaveBeenCalledTimes(1);
    finish();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(renew).toHaveBeenCalledTimes(2);
    finish();
    await beat.stop();
  });

  it('stop() waits for the renewal in flight, so none lands after the work ended', async () => {
    let finish!: () => void;
    let settled = false;
    const renew = () =>
      new Promise<boolean>((r) => (finish = () => r(true))).then((held) => {
        settled = true;
        return held;
      });
    const beat = new LeaseHeartbeat(renew, 1_000, () => {}).start();
    await vi.advanceTimersByTimeAsync(1_000);
    let stopped = false;
    const stopping = beat.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(settled).toBe(true);
  });

  it('stops renewing once the work is reported gone (taken over, or finished elsewhere)', async () => {
    const renew = vi.fn(async () => false);
    const beat = new LeaseHeartbeat(renew, 1_000, () => {}).start();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(renew).toHaveBeenCalledTimes(1);
    expect(beat.lost).toBe(true);
    await beat.stop();
  });

  it('keeps renewing after a failed renewal: a passing database error does not give the lease up', async () => {
    const errors: string[] = [];
    let calls = 0;
    const renew = vi.fn(async () => {
      if (++calls === 1) throw new Error('connection reset');
      return true;
    });
    const beat = new LeaseHeartbeat(renew, 1_000, (e) => errors.push(e.message)).start();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(errors).toEqual(['connection reset']);
    expect(renew).toHaveBeenCalledTimes(3);
    expect(beat.lost).toBe(false);
    await beat.stop();
  });

  it('treats a renewal with nothing to report as still held (a batch whose rows are partly done)', async () => {
    const renew = vi.fn(async () => undefined);
    const beat = new LeaseHeartbeat(renew, 1_000, () => {}).start();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(renew).toHaveBeenCalledTimes(2);
    expect(beat.lost).toBe(false);
    await beat.stop();
  });
});
