/**
 * The requests people are waiting for, in flight in this process. Background work (assessments,
 * outbox sends) gives way to them: on a small machine a burst of escalations would otherwise queue
 * behind the emails and assessments the burst itself caused. The give-way is proportional to the
 * work just done and bounded, so background work keeps a fixed share of the time under any load and
 * runs at full speed the moment requests stop.
 */
export class ForegroundActivity {
  private inFlight = 0;
  private readonly waiters = new Set<() => void>();

  begin() {
    this.inFlight++;
  }

  end() {
    this.inFlight--;
    if (this.inFlight === 0) for (const wake of [...this.waiters]) wake();
  }

  /**
   * After a unit of background work that took `workMs`: while requests are in flight, waits
   * `ratio` times as long (never more than `maxMs`), or until the last request is answered.
   */
  async giveWay(workMs: number, ratio = 2, maxMs = 500): Promise<void> {
    if (this.inFlight === 0) return;
    await new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, Math.min(maxMs, workMs * ratio));
      this.waiters.add(wake);
    });
  }
}
