import type { Queryable } from '../../db/types';
import * as lease from './delivery-lease.repo';

/**
 * What the delivery worker does with a leased row whose outbox decides per row (PSA writes, Slack app
 * messages): send it, put it off without counting an attempt, or give it up.
 */
export type DeliveryPlan<Send> =
  { kind: 'dead'; error: string } | { kind: 'defer'; ms: number } | { kind: 'send'; send: Send };

/**
 * Carries a plan out on its leased row inside the tenant transaction: a given-up row is marked
 * failed, a deferred one gets its next look, and a send counts its attempt first; `toPrepared` wraps
 * the send to run after commit. `prepared` is null when nothing is to be sent (or the lease was lost);
 * `deferredMs` tells the worker when to look again.
 */
export async function applyDeliveryPlan<Send, Prepared>(
  tx: Queryable,
  accountId: string,
  jobId: string,
  token: string,
  now: Date,
  leaseMs: number,
  plan: DeliveryPlan<Send>,
  toPrepared: (attempts: number, send: Send) => Prepared,
): Promise<{ prepared: Prepared | null; deferredMs: number }> {
  if (plan.kind === 'dead') {
    await lease.markFailed(tx, accountId, jobId, token, plan.error, null);
    return { prepared: null, deferredMs: 0 };
  }
  if (plan.kind === 'defer') {
    await lease.deferDelivery(tx, accountId, jobId, token, new Date(now.getTime() + plan.ms));
    return { prepared: null, deferredMs: plan.ms };
  }
  const attempts = await lease.startAttempt(tx, accountId, jobId, token, now, leaseMs);
  if (attempts === null) return { prepared: null, deferredMs: 0 };
  return { prepared: toPrepared(attempts, plan.send), deferredMs: 0 };
}
