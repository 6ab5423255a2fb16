import { asSystem } from '../db/tenant';
import type { Database } from '../db/types';
import type { Logger } from '../lib/logger';
import * as policies from '../modules/policies/policies.repo';
import { fireDueLevel, remindIdleClaim } from '../modules/policies/policy-firing';

const POLICY_POLL_MS = 5_000;
const BATCH = 50;

/**
 * Runs the escalation policy (SPEC §8): fires the next level of unclaimed escalations whose time has
 * come, and the claim-timeout reminders. The durable schedule is on the handoff rows
 * (`next_fire_at`, `claim_reminder_at`), so a restart loses nothing. The system path only lists what
 * looks due; each firing then locks its row with SKIP LOCKED inside its own tenant transaction, so
 * several processes can run this worker and a stage still fires exactly once.
 */
export class PolicyWorker {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  start() {
    this.timer = setInterval(() => this.kick(), POLICY_POLL_MS);
    this.timer.unref();
    this.kick();
  }

  kick = () => {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((err: Error) => this.logger.error('policy worker failed', { error: err.message }))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  };

  /** Resolves once the worker is idle (tests, shutdown). */
  async idle() {
    while (this.running) await this.running;
  }

  /** One pass over everything due now; resolves when done (tests drive the clock and call this). */
  async runDue() {
    this.kick();
    await this.idle();
  }

  async stop() {
    this.stopped = true;
    clearInterval(this.timer);
    await this.idle();
  }

  private async drain() {
    for (;;) {
      const now = this.clock();
      const [due, reminders] = await asSystem(this.db, 'worker', async (q) => [
        await policies.dueEscalations(q, now, BATCH),
        await policies.dueClaimReminders(q, now, BATCH),
      ]);
      let fired = 0;
      for (const job of due) {
        if (this.stopped) return;
        if (
          await this.safely('policy level', job.id, () => fireDueLevel(this.db, job.account_id, job.id, now))
        )
          fired++;
      }
      for (const job of reminders) {
        if (this.stopped) return;
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
