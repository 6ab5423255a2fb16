import type { Config } from '../config';
import { asSystem, withTenant } from '../db/tenant';
import type { Database, Queryable } from '../db/types';
import { newId } from '../lib/crypto';
import type { Logger } from '../lib/logger';
import { openTarget, secretBoxFor } from '../modules/channels/channel-targets';
import { findChannelSecrets } from '../modules/channels/channels.repo';
import * as lease from '../modules/deliveries/delivery-lease.repo';
import { buildNotice } from '../modules/deliveries/notice';
import { ChannelPacer } from '../modules/deliveries/pacing';
import {
  createSenders,
  DEFAULT_SEND_TIMEOUT_MS,
  type ChannelTarget,
  type DeliverySenders,
  type OutboundMessage,
} from '../modules/deliveries/senders';
import { findHandoff } from '../modules/handoffs/handoffs.repo';
import { PsaDeliveries } from '../modules/psa/psa-delivery';
import { BackgroundLoop } from './background-loop';
import type { ForegroundActivity } from './foreground';

/** Retries after 30 s, 2 min and 10 min; the attempt after the last delay failing makes the row dead. */
export const RETRY_DELAYS_MS = [30_000, 120_000, 600_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

export type DeliveryWorkerOptions = {
  db: Database;
  config: Config;
  logger: Logger;
  clock?: () => Date;
  /** Defaults to the real senders built from config (SMTP or dev outbox, guarded HTTP). */
  senders?: DeliverySenders;
  /** Upper bound of one HTTP send, and of each SMTP wait (default 10 s). */
  sendTimeoutMs?: number;
  /** How long a lease protects a row from other workers; far above one send's worst case. */
  leaseMs?: number;
  batchSize?: number;
  /** Sends in flight at once per process. */
  concurrency?: number;
  pollMs?: number;
  /** Requests in flight: between batches the worker gives way to them (see ForegroundActivity). */
  foreground?: ForegroundActivity;
};

/**
 * A row checked and rendered, ready to send once its attempt is counted. PSA writes are planned at
 * send time instead (their plan depends on the ticket's other writes at that moment).
 */
type Prepared =
  | { id: string; channel?: ChannelSecrets; recipient: string; msg: OutboundMessage }
  | { id: string; psa: lease.DeliveryJob };
/** What one send needs after its attempt was counted. */
type Started = { kind: string; attempts: number; send: () => Promise<void> };

async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/**
 * Sends the `deliveries` outbox: email, Slack, Teams and signed webhooks.
 *
 * Safe in several processes: due rows are leased with FOR UPDATE SKIP LOCKED on the system path,
 * then each row is handled inside its own tenant's transaction, checking the lease token. A crashed
 * worker's lease runs out and another worker retries the row. Nothing is ever sent from inside a
 * database transaction.
 *
 * At-least-once, honestly: the row is marked `sent` right after the provider accepted the message.
 * A process dying between the provider's "OK" and that update (or a send that outlives its lease)
 * means the message is sent again after the lease expires. The idempotency key travels with every
 * message (Message-ID, X-ResolutionFlow-Delivery) so receivers can drop the duplicate.
 */
export class DeliveryWorker {
  private readonly loop: BackgroundLoop;
  private wake: NodeJS.Timeout | undefined;
  private started = false;
  private readonly pacer = new ChannelPacer();
  private readonly clock: () => Date;
  private readonly senders: DeliverySenders;
  /** PSA writes (ticket notes, status changes, time entries): same rows, retries and log as messages. */
  private readonly psa: PsaDeliveries;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly concurrency: number;

  constructor(private readonly o: DeliveryWorkerOptions) {
    this.clock = o.clock ?? (() => new Date());
    this.senders =
      o.senders ??
      createSenders({ config: o.config, db: o.db, clock: this.clock, timeoutMs: o.sendTimeoutMs });
    this.psa = new PsaDeliveries({ config: o.config, timeoutMs: o.sendTimeoutMs ?? DEFAULT_SEND_TIMEOUT_MS });
    this.leaseMs = o.leaseMs ?? 60_000;
    this.batchSize = o.batchSize ?? 20;
    this.concurrency = o.concurrency ?? 4;
    this.loop = new BackgroundLoop('delivery worker', () => this.drain(), o.logger, o.pollMs ?? 2_000);
  }

  start() {
    this.started = true;
    this.loop.start();
  }

  kick = () => this.loop.kick();
  /** Resolves once the worker is idle (tests, shutdown). */
  idle = () => this.loop.idle();

  async stop() {
    clearTimeout(this.wake);
    await this.loop.stop();
    this.senders.close();
  }

  private async drain() {
    let soonestDeferral = Infinity;
    while (!this.loop.stopped) {
      const token = newId();
      const rows = await asSystem(this.o.db, 'worker', (q) =>
        lease.leaseDueDeliveries(q, this.clock(), this.leaseMs, token, this.batchSize),
      );
      if (rows.length === 0) break;
      const started = performance.now();
      const ready: (Prepared & { accountId: string })[] = [];
      for (const [accountId, ids] of groupByAccount(rows)) {
        try {
          const batch = await this.prepare(accountId, ids, token);
          ready.push(...batch.ready.map((p) => ({ ...p, accountId })));
          soonestDeferral = Math.min(soonestDeferral, batch.soonestDeferral);
        } catch (err) {
          // The leases stay: the rows are retried when they expire, and one account never stops the batch.
          this.o.logger.error('delivery failed unexpectedly', {
            delivery_ids: ids,
            error: (err as Error).message,
          });
        }
      }
      await forEachLimited(ready, this.concurrency, async (p) => {
        try {
          const deferredMs = await this.send(p.accountId, token, p);
          if (deferredMs > 0) soonestDeferral = Math.min(soonestDeferral, deferredMs);
        } catch (err) {
          this.o.logger.error('delivery failed unexpectedly', {
            delivery_id: p.id,
            error: (err as Error).message,
          });
        }
      });
      await this.o.foreground?.giveWay(performance.now() - started);
    }
    // A paced message is due again in a moment: wake for it instead of waiting for the next poll.
    if (this.started && !this.loop.stopped && soonestDeferral < Infinity) {
      clearTimeout(this.wake);
      this.wake = setTimeout(this.kick, soonestDeferral);
      this.wake.unref();
    }
  }

  /**
   * One tenant transaction for an account's leased rows: re-check each, apply pacing and render the
   * message. Recipients of one event share the handoff read and the notice. The attempt is counted
   * later, right before each send.
   */
  private async prepare(accountId: string, ids: string[], token: string) {
    const now = this.clock();
    let soonestDeferral = Infinity;
    const ready = await withTenant(this.o.db, accountId, async (tx) => {
      const jobs = await lease.loadLeasedDeliveries(tx, accountId, ids, token); // others: already sent, or our lease expired
      const memberEmails = jobs.filter(isMemberEmail).map((j) => j.recipient);
      const active = await lease.activeMemberEmails(tx, accountId, memberEmails);
      const channels = memoized((id: string) => findChannelSecrets(tx, accountId, id));
      const notices = memoized(
        async (job: lease.DeliveryJob) => {
          const event = {
            id: job.event_id,
            type: job.event_type,
            createdAt: job.event_created_at,
            accountId,
            payload: job.event_payload,
          };
          const handoffId =
            typeof job.event_payload.handoff_id === 'string' ? job.event_payload.handoff_id : null;
          const handoff = handoffId ? await findHandoff(tx, accountId, handoffId) : undefined;
          return buildNotice(event, handoff, this.o.config.appUrl, now);
        },
        (job) => String(job.event_id),
      );
      const prepared: Prepared[] = [];
      for (const job of jobs) {
        if (job.channel === 'psa') {
          prepared.push({ id: job.id, psa: job });
          continue;
        }
        const channel = job.channel_id ? await channels(job.channel_id) : undefined;
        const refusal = undeliverableReason(job, channel, active);
        if (refusal) {
          await lease.markFailed(tx, accountId, job.id, token, refusal, null);
          continue;
        }
        if (channel) {
          const deferredMs = this.pacer.take(channel.id, channel.kind, now.getTime());
          if (deferredMs > 0) {
            soonestDeferral = Math.min(soonestDeferral, deferredMs);
            await lease.deferDelivery(tx, accountId, job.id, token, new Date(now.getTime() + deferredMs));
            continue;
          }
        }
        const msg = {
          accountId,
          deliveryId: job.id,
          idempotencyKey: job.idempotency_key,
          notice: await notices(job),
        };
        prepared.push({ id: job.id, channel, recipient: job.recipient, msg });
      }
      return prepared;
    });
    return { ready, soonestDeferral };
  }

  /**
   * Right before the send, the attempt is counted and the lease renewed in the database — a worker
   * that stalled after preparing finds its lease gone and sends nothing. The send happens outside
   * any transaction, and its outcome is recorded at once (the smallest window for a resend).
   * Returns how long the row was put off (PSA pacing), 0 otherwise.
   */
  private async send(accountId: string, token: string, p: Prepared): Promise<number> {
    const started = await withTenant(this.o.db, accountId, (tx) =>
      this.beginAttempt(tx, accountId, token, p),
    );
    if ('deferredMs' in started) return started.deferredMs;
    let error: string | null = null;
    try {
      await started.send();
    } catch (err) {
      error = (err as Error).message || 'send failed';
    }
    await withTenant(this.o.db, accountId, (tx) =>
      error === null
        ? lease.markSent(tx, accountId, p.id, this.clock())
        : this.recordFailure(tx, accountId, p.id, token, started.attempts, error),
    );
    if (error !== null) {
      this.o.logger.warn('delivery attempt failed', {
        delivery_id: p.id,
        channel: started.kind,
        attempts: started.attempts,
        error,
      });
    }
    return 0;
  }

  private async beginAttempt(
    tx: Queryable,
    accountId: string,
    token: string,
    p: Prepared,
  ): Promise<Started | { deferredMs: number }> {
    const now = this.clock();
    if ('psa' in p) {
      const { prepared, deferredMs } = await this.psa.prepare(tx, accountId, p.psa, token, now, this.leaseMs);
      return prepared ?? { deferredMs };
    }
    const attempts = await lease.startAttempt(tx, accountId, p.id, token, now, this.leaseMs);
    if (attempts === null) return { deferredMs: 0 }; // the lease was lost: another worker has the row
    try {
      const target: ChannelTarget = p.channel
        ? openTarget(p.channel, accountId, secretBoxFor(this.o.config))
        : { kind: 'email', to: [p.recipient] };
      return { kind: target.kind, attempts, send: () => this.senders.send(target, p.msg) };
    } catch (err) {
      // The attempt counts (a key that no longer opens the target will not fix itself quickly).
      await this.recordFailure(tx, accountId, p.id, token, attempts, (err as Error).message);
      return { deferredMs: 0 };
    }
  }

  private recordFailure(
    tx: Queryable,
    accountId: string,
    id: string,
    token: string,
    attempts: number,
    error: string,
  ) {
    const delay = attempts < MAX_ATTEMPTS ? RETRY_DELAYS_MS[attempts - 1] : undefined;
    const retryAt = delay === undefined ? null : new Date(this.clock().getTime() + delay);
    return lease.markFailed(tx, accountId, id, token, error, retryAt);
  }
}

type ChannelSecrets = NonNullable<Awaited<ReturnType<typeof findChannelSecrets>>>;

function groupByAccount(rows: lease.LeasedDelivery[]) {
  const groups = new Map<string, string[]>();
  for (const r of rows) groups.set(r.account_id, [...(groups.get(r.account_id) ?? []), r.id]);
  return groups;
}

const isMemberEmail = (job: lease.DeliveryJob) =>
  job.channel === 'email' && !job.channel_id && job.recipient.includes('@');

/** Why a row can never be delivered (dead at once, no retries), or null. */
function undeliverableReason(
  job: lease.DeliveryJob,
  channel: ChannelSecrets | undefined,
  activeEmails: Set<string>,
) {
  // An email row without a channel is a member's address, re-checked now: deactivated meanwhile means no mail.
  if (isMemberEmail(job))
    return activeEmails.has(job.recipient.toLowerCase()) ? null : 'Recipient is no longer an active member';
  if (!channel) return 'The channel was deleted';
  if (!channel.enabled) return 'The channel is disabled';
  return null;
}

/** Calls `fn` once per key within one preparation. */
function memoized<A, R>(fn: (arg: A) => Promise<R>, key: (arg: A) => string = String) {
  const cache = new Map<string, Promise<R>>();
  return (arg: A) => {
    const k = key(arg);
    if (!cache.has(k)) cache.set(k, fn(arg));
    return cache.get(k)!;
  };
}
