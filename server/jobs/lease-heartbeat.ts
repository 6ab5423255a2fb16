/**
 * Leases on background work (outbox rows, assessments, imports) are short and renewed by a
 * heartbeat while the work is in hand. A lease is how another process tells that the holder died:
 * after a crash its work must wait only as long as the lease, not as long as the slowest send could
 * take. A live process keeps renewing however long one piece of work takes (a slow SMTP server, a
 * hosted model at its deadline), so it never loses work it is still doing; only a process that stops
 * renewing — killed, or frozen for longer than the lease — loses it. The lease-token checks in
 * each repo keep a holder that lost its lease from changing anything.
 */

/**
 * How long a lease protects work without a renewal. With renewals every quarter of it, a live process
 * must miss three heartbeats in a row to lose anything; a dead one's work is free 8 s after its last
 * renewal, so with a 2 s poll another process (or the restarted one) takes it within about 10 s.
 */
export const WORK_LEASE_MS = 8_000;

/** The renewal interval for a lease of `leaseMs`: four renewals per lease. */
export function heartbeatIntervalMs(leaseMs: number) {
  return Math.max(10, Math.floor(leaseMs / 4));
}

/** When a lease taken or renewed at `now` runs out. */
export function leaseExpiry(now: Date, leaseMs: number) {
  return new Date(now.getTime() + leaseMs);
}

/**
 * What a renewal reports: `false` when the work is no longer this holder's (finished elsewhere, or
 * taken over after the lease ran out), so renewing stops; anything else keeps the heartbeat going.
 */
export type Renew = () => Promise<boolean | void>;

/**
 * Renews a lease every `intervalMs` until stopped. Renewals never overlap: on a database slow to
 * answer, a beat that finds the previous renewal still in flight is skipped rather than queued
 * (queued renewals would only add load at the moment the database is already behind). A renewal
 * that fails is logged and tried again at the next beat: a passing database error must not give
 * up a lease the process still needs.
 */
export class LeaseHeartbeat {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | null = null;
  private lostFlag = false;

  constructor(
    private readonly renew: Renew,
    private readonly intervalMs: number,
    private readonly onError: (err: Error) => void,
  ) {}

  /** True once a renewal reported that the work is no longer held. */
  get lost() {
    return this.lostFlag;
  }

  start() {
    if (this.timer) return this;
    this.timer = setInterval(() => this.beat(), this.intervalMs);
    // A heartbeat alone must not keep a process alive that has nothing else to do.
    this.timer.unref();
    return this;
  }

  /** Stops renewing; resolves once a renewal in flight has settled (so none lands after the work's end). */
  async stop() {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  private beat() {
    if (this.inFlight || this.lostFlag) return;
    this.inFlight = this.renew()
      .then((held) => {
        if (held === false) {
          this.lostFlag = true;
          clearInterval(this.timer);
        }
      })
      .catch((err: Error) => this.onError(err))
      .finally(() => (this.inFlight = null));
  }
}
