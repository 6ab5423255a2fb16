import type { BuiltinEngine } from '../../ai/builtin/engine';
import type { Assessment, AssistantProvider } from '../../ai/types';
import { asSystem, withTenant } from '../../db/tenant';
import type { Database } from '../../db/types';
import type { Logger } from '../../lib/logger';
import { enqueueChannelDeliveries } from '../deliveries/deliveries.repo';
import { appendEvent } from '../events/events.repo';
import { accountKnowledge } from '../knowledge/account-search';
import * as repo from './handoffs.repo';

export type AssessmentDeps = {
  db: Database;
  assistant: AssistantProvider;
  /** Answers, marked as a fallback, when a hosted model hangs or fails. */
  builtin: BuiltinEngine;
  /** Deadline of one assessment (and of the fallback's). */
  timeoutMs: number;
  logger: Logger;
  clock: () => Date;
};

class Timeout extends Error {}
const withTimeout = <T>(p: Promise<T>, ms: number) =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Timeout(`assessment took longer than ${ms} ms`)), ms);
    p.then(resolve, reject).finally(() => clearTimeout(timer));
  });

/** An assessment leased by this worker; `heldSince` is its lease's last renewal (and its token). */
export type LeasedAssessment = { id: string; account_id: string; heldSince: Date };

/**
 * Leases the next pending assessment of any account (system path, SKIP LOCKED): the durable job is
 * the handoff row itself (`assessment_status = 'pending'`). The holder renews the lease while it
 * works (`renewAssessmentLease`); one left by a crashed process is not renewed, expires after
 * `leaseMs` and is taken over.
 */
export async function leaseNextAssessment(
  db: Database,
  now: Date,
  leaseMs: number,
): Promise<LeasedAssessment | undefined> {
  const row = await asSystem(db, 'worker', (q) => repo.leasePendingAssessment(q, now, leaseMs));
  return row && { ...row, heldSince: now };
}

/**
 * Renews the lease of an assessment in hand, in its tenant. False once it is no longer this worker's
 * (stored, or taken over after a stall); `job.heldSince` follows each renewal.
 */
export async function renewAssessmentLease(db: Database, job: LeasedAssessment, now: Date) {
  const renewed = await withTenant(db, job.account_id, (tx) =>
    repo.renewAssessmentLease(tx, job.account_id, job.id, job.heldSince, now),
  );
  if (renewed) job.heldSince = renewed;
  return renewed !== null;
}

/**
 * Assesses one escalation outside any transaction (a slow model never holds a lock), then in one
 * tenant transaction stores the result (`ready`, or `unavailable` when nothing answered), appends
 * `handoff_assessment_ready` and queues the channels subscribed to it. The store is conditional, so
 * an assessment already stored by another process is not announced twice.
 */
export async function produceAssessment(d: AssessmentDeps, accountId: string, handoffId: string) {
  const h = await withTenant(d.db, accountId, (tx) => repo.findHandoff(tx, accountId, handoffId));
  if (!h) return;
  const account = accountKnowledge(d.db, accountId);
  let assessment: Assessment | null = null;
  try {
    assessment = await withTimeout(d.assistant.assess(h.snapshot, account), d.timeoutMs);
  } catch (err) {
    d.logger.warn('assessment failed', { handoff_id: handoffId, error: (err as Error).message });
    // A hosted model that hung or failed: the built-in engine answers, marked as a fallback.
    if (d.assistant.name !== 'builtin') {
      assessment = await withTimeout(d.builtin.assess(h.snapshot, account), d.timeoutMs)
        .then((a) => ({ ...a, fallback: true }))
        .catch(() => null);
    }
  }
  const status = assessment ? 'ready' : 'unavailable';
  await withTenant(d.db, accountId, async (tx) => {
    if (!(await repo.saveAssessment(tx, accountId, handoffId, status, assessment))) return;
    const eventId = await appendEvent(
      tx,
      accountId,
      'handoff_assessment_ready',
      { handoff_id: handoffId, session_id: h.session_id, assessment_status: status },
      d.clock(),
    );
    await enqueueChannelDeliveries(tx, accountId, eventId, 'handoff_assessment_ready', d.clock());
  });
}
