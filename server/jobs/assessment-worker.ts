import type { BuiltinEngine } from '../ai/builtin/engine';
import type { Assessment, AssistantProvider } from '../ai/types';
import { asSystem, withTenant } from '../db/tenant';
import type { Database } from '../db/types';
import type { Logger } from '../lib/logger';
import { enqueueChannelDeliveries } from '../modules/deliveries/deliveries.repo';
import { appendEvent } from '../modules/events/events.repo';
import { BackgroundLoop } from './background-loop';
import type { ForegroundActivity } from './foreground';
import * as handoffs from '../modules/handoffs/handoffs.repo';
import { accountKnowledge } from '../modules/knowledge/account-search';

const LEASE_MS = 60_000;
const POLL_MS = 2_000;

class Timeout extends Error {}
const withTimeout = <T>(p: Promise<T>, ms: number) =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Timeout(`assessment took longer than ${ms} ms`)), ms);
    p.then(resolve, reject).finally(() => clearTimeout(timer));
  });

/**
 * Produces escalation assessments in the background. The durable job is the handoff row itself
 * (`assessment_status = 'pending'`); a worker leases one with SKIP LOCKED, so several processes can
 * run workers, and a lease left by a crashed process expires and is taken over. A kick after each
 * escalation avoids waiting for the next poll.
 */
export class AssessmentWorker {
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly db: Database,
    private readonly assistant: AssistantProvider,
    private readonly builtin: BuiltinEngine,
    private readonly timeoutMs: number,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
    private readonly foreground?: ForegroundActivity,
  ) {
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
      const job = await asSystem(this.db, 'worker', (q) =>
        handoffs.leasePendingAssessment(q, this.clock(), LEASE_MS),
      );
      if (!job) return;
      const started = performance.now();
      await this.process(job.account_id, job.id);
      await this.foreground?.giveWay(performance.now() - started);
    }
  }

  private async process(accountId: string, handoffId: string) {
    const h = await withTenant(this.db, accountId, (tx) => handoffs.findHandoff(tx, accountId, handoffId));
    if (!h) return;
    const account = accountKnowledge(this.db, accountId);
    let assessment: Assessment | null = null;
    try {
      assessment = await withTimeout(this.assistant.assess(h.snapshot, account), this.timeoutMs);
    } catch (err) {
      this.logger.warn('assessment failed', { handoff_id: handoffId, error: (err as Error).message });
      // A hosted model that hung or failed: the built-in engine answers, marked as a fallback.
      if (this.assistant.name !== 'builtin') {
        assessment = await withTimeout(this.builtin.assess(h.snapshot, account), this.timeoutMs)
          .then((a) => ({ ...a, fallback: true }))
          .catch(() => null);
      }
    }
    const status = assessment ? 'ready' : 'unavailable';
    await withTenant(this.db, accountId, async (tx) => {
      if (!(await handoffs.saveAssessment(tx, accountId, handoffId, status, assessment))) return;
      const eventId = await appendEvent(
        tx,
        accountId,
        'handoff_assessment_ready',
        { handoff_id: handoffId, session_id: h.session_id, assessment_status: status },
        this.clock(),
      );
      await enqueueChannelDeliveries(tx, accountId, eventId, 'handoff_assessment_ready', this.clock());
    });
  }
}
