import type { BuiltinEngine } from '../ai/builtin/engine';
import type { AssistantProvider } from '../ai/types';
import type { Database } from '../db/types';
import type { Logger } from '../lib/logger';
import {
  leaseNextAssessment,
  produceAssessment,
  renewAssessmentLease,
  type AssessmentDeps,
} from '../modules/handoffs/assessment';
import { BackgroundLoop } from './background-loop';
import type { ForegroundActivity } from './foreground';
import { heartbeatIntervalMs, LeaseHeartbeat, WORK_LEASE_MS } from './lease-heartbeat';

const POLL_MS = 2_000;

/**
 * The loop that produces escalation assessments in the background (the work itself is
 * `produceAssessment`, in `modules/handoffs`). The durable job is the handoff row; a worker leases
 * one with SKIP LOCKED, so several processes can run workers. The lease is short and renewed by a
 * heartbeat while the assessment runs (a hosted model may take its whole deadline); one left by a
 * crashed process is not renewed and is taken over within seconds. A kick after each escalation
 * avoids waiting for the next poll.
 */
export class AssessmentWorker {
  private readonly loop: BackgroundLoop;
  private readonly work: AssessmentDeps;

  constructor(
    private readonly db: Database,
    assistant: AssistantProvider,
    builtin: BuiltinEngine,
    timeoutMs: number,
    logger: Logger,
    private readonly clock: () => Date = () => new Date(),
    private readonly foreground?: ForegroundActivity,
  ) {
    this.work = { db, assistant, builtin, timeoutMs, logger, clock };
    this.loop = new BackgroundLoop('assessment worker', () => this.drain(), logger, POLL_MS);
  }

  start = () => this.loop.start();
  kick = () => this.loop.kick();
  /** Resolves once the worker is idle (tests, shutdown). */
  idle = () => this.loop.idle();
  stop = () => this.loop.stop();

  private async drain() {
    // Stopping (shutdown) finishes the assessment in hand; the rest stay pending for the next start.
    while (!this.loop.stopped) {
      const job = await leaseNextAssessment(this.db, this.clock(), WORK_LEASE_MS);
      if (!job) return;
      const started = performance.now();
      // Losing the lease (a stall long enough for a takeover) needs no abort: the store is conditional.
      const heartbeat = new LeaseHeartbeat(
        () => renewAssessmentLease(this.db, job, this.clock()),
        heartbeatIntervalMs(WORK_LEASE_MS),
        (err) => this.work.logger.warn('assessment lease not renewed', { error: err.message }),
      ).start();
      try {
        await produceAssessment(this.work, job.account_id, job.id);
      } finally {
        await heartbeat.stop();
      }
      await this.foreground?.giveWay(performance.now() - started);
    }
  }
}
