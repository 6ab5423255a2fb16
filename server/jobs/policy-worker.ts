import type { Database } from '../db/types';
import type { Logger } from '../lib/logger';
import { fireDueLevel, listDueFirings, remindIdleClaim } from '../modules/policies/policy-firing';
import { BackgroundLoop } from './background-loop';

const POLICY_POLL_MS = 5_000;
const BATCH = 50;

/**
 * The loop that runs the escalation policy (SPEC §8): fires the next level of unclaimed escalations
 * whose time has come, and the claim-timeout reminders (the firings are in `modules/policies`). The
 * durable schedule is on the handoff rows (`next_fire_at`, `claim_reminder_at`), so a restart loses
 * nothing. The system path only lists what
 * looks due; each firing then locks its row with SKIP LOCKED inside its own tenant transaction, so
 * several processes can run this worker and a stage still fires exactly once.
 */
export class PolicyWorker {
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.loop = new BackgroundLoop('policy worker', () => this.drain(), logger, POLICY_POLL_MS);
  }

  start = () => this.loop.start();
  kick = () => this.loop.kick();
  /** Resolves once the worker is idle (tests, shutdown). */
  idle = () => this.loop.idle();
  stop = () => this.loop.stop();

  /** One pass over everything due now; resolves when done (tests drive the clock and call this). */
  async runDue() {
    this.kick();
    await this.idle();
  }

  private async drain() {
    for (;;) {
      const now = this.clock();
      const { escalations: due, claimReminders: reminders } = await listDueFirings(this.db, now, BATCH);
      let fired = 0;
      for (const job of due) {
        if (this.loop.stopped) return;
        if (
          await this.safely('policy level', job.id, () => fireDueLevel(this.db, job.account_id, job.id, now))
        )
          fired++;
      }
      for (const job of reminders) {
        if (this.loop.stopped) return;
        if (
          await this.safely('claim reminder', job.id, () =>
            remindIdleClaim(this.db, job.account_id, job.id, now),
          )
        )
          fired++;
      }
      // A full batch may hide more due rows; rows locked by another worker are not progress.
      if (fired === 0 || (due.length < BATCH && reminders.length < BATCH)) return;
    }
  }

  /** One bad row must not stall every other account's escalations. */
  private async safely(what: string, handoffId: string, fn: () => Promise<boolean>) {
    try {
      return await fn();
    } catch (err) {
      this.logger.error(`${what} failed`, { handoff_id: handoffId, error: (err as Error).message });
      return false;
    }
  }
}
