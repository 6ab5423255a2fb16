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
import { createSenders, DEFAULT_SEND_TIMEOUT_MS, type ChannelTarget, type DeliverySenders } from '../modules/deliveries/senders';
import { findHandoff } from '../modules/handoffs/handoffs.repo';
import { PsaDeliveries } from '../modules/psa/psa-delivery';
import { BackgroundLoop } from './background-loop';

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
};

/** A row ready to go out after commit: the attempt is already counted. */
type Prepared = { kind: string; send: () => Promise<void>; attempts: number };
/** A delivery that can never succeed (channel deleted or disabled, recipient gone): dead at once, no retries. */
class Undeliverable extends Error {}

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
    this.senders = o.senders ?? createSenders({ config: o.config, db: o.db, clock: this.clock, timeoutMs: o.sendTimeoutMs });
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
      const rows = await asSystem(this.o.db, 'worker', (q) => lease.leaseDueDeliveries(q, this.clock(), this.leaseMs, token, this.batchSize));
      if (rows.length === 0) break;
      await forEachLimited(rows, this.concurrency, async (row) => {
        try {
          const deferredMs = await this.deliver(row, token);
          if (deferredMs > 0) soonestDeferral = Math.min(soonestDeferral, deferredMs);
        } catch (err) {
          // The lease stays: the row is retried when it expires, and one bad row never stops the batch.
          this.o.logger.error('delivery failed unexpectedly', { delivery_id: row.id, error: (err as Error).message });
        }
      });
    }
    // A paced message is due again in a moment: wake for it instead of waiting for the next poll.
    if (this.started && !this.loop.stopped && soonestDeferral < Infinity) {
      clearTimeout(this.wake);
      this.wake = setTimeout(this.kick, soonestDeferral);
      this.wake.unref();
    }
  }

  /** Returns how long the row was deferred by pacing (0 when it was handled). */
  private async deliver(row: lease.LeasedDelivery, token: string): Promise<number> {
    const accountId = row.account_id;
    const now = this.clock();
    let deferredMs = 0;
    const prepared = await withTenant(this.o.db, accountId, async (tx): Promise<Prepared | null> => {
      const job = await lease.loadLeasedDelivery(tx, accountId, row.id, token);
      if (!job) return null; // already sent, or our lease expired and another worker has it
      if (job.channel === 'psa') {
        const psa = await this.psa.prepare(tx, accountId, job, token, now, this.leaseMs);
        deferredMs = psa.deferredMs;
        return psa.prepared;
      }
      const channel = job.channel_id ? await findChannelSecrets(tx, accountId, job.channel_id) : undefined;
      try {
        await this.assertDeliverable(tx, accountId, job, channel);
      } catch (err) {
        if (!(err instanceof Undeliverable)) throw err;
        await lease.markFailed(tx, accountId, job.id, token, err.message, null);
        return null;
      }
      if (channel) {
        deferredMs = this.pacer.take(channel.id, channel.kind, now.getTime());
        if (deferredMs > 0) {
          await lease.deferDelivery(tx, accountId, job.id, token, new Date(now.getTime() + deferredMs));
          return null;
        }
      }
      const attempts = await lease.startAttempt(tx, accountId, job.id, token, now, this.leaseMs);
      if (attempts === null) return null;
      const event = { id: job.event_id, type: job.event_type, createdAt: job.event_created_at, accountId, payload: job.event_payload };
      const handoffId = typeof job.event_payload.handoff_id === 'string' ? job.event_payload.handoff_id : null;
      const handoff = handoffId ? await findHandoff(tx, accountId, handoffId) : undefined;
      const msg = { accountId, deliveryId: job.id, idempotencyKey: job.idempotency_key, notice: buildNotice(event, handoff, this.o.config.appUrl, now) };
      try {
        const target: ChannelTarget = channel ? openTarget(channel, accountId, secretBoxFor(this.o.config)) : { kind: 'email', to: [job.recipient] };
        return { kind: target.kind, send: () => this.senders.send(target, msg), attempts };
      } catch (err) {
        // The attempt counts (a key that no longer opens the target will not fix itself quickly).
        await this.recordFailure(tx, accountId, job.id, token, attempts, (err as Error).message);
        return null;
      }
    });
    if (!prepared) return deferredMs;

    let error: string | null = null;
    try {
      await prepared.send();
    } catch (err) {
      error = (err as Error).message || 'send failed';
    }
    await withTenant(this.o.db, accountId, (tx) =>
      error === null ? lease.markSent(tx, accountId, row.id, this.clock()) : this.recordFailure(tx, accountId, row.id, token, prepared.attempts, error),
    );
    if (error !== null) {
      this.o.logger.warn('delivery attempt failed', { delivery_id: row.id, channel: prepared.kind, attempts: prepared.attempts, error });
    }
    return 0;
  }

  private async assertDeliverable(tx: Queryable, accountId: string, job: lease.DeliveryJob, channel: Awaited<ReturnType<typeof findChannelSecrets>>) {
    // An email row without a channel is a member's address, re-checked now: deactivated meanwhile means no mail.
    if (job.channel === 'email' && !job.channel_id && job.recipient.includes('@')) {
      if (!(await lease.isActiveMemberEmail(tx, accountId, job.recipient))) throw new Undeliverable('Recipient is no longer an active member');
      return;
    }
    if (!channel) throw new Undeliverable('The channel was deleted');
    if (!channel.enabled) throw new Undeliverable('The channel is disabled');
  }

  private recordFailure(tx: Queryable, accountId: string, id: string, token: string, attempts: number, error: string) {
    const delay = attempts < MAX_ATTEMPTS ? RETRY_DELAYS_MS[attempts - 1] : undefined;
    const retryAt = delay === undefined ? null : new Date(this.clock().getTime() + delay);
    return lease.markFailed(tx, accountId, id, token, error, retryAt);
  }
}
