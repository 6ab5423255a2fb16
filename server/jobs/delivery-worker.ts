import type { Config } from '../config';
import type { Database } from '../db/types';
import { newId } from '../lib/crypto';
import type { Logger } from '../lib/logger';
import { OutboxSender, type Prepared } from '../modules/deliveries/outbox-sender';
import type { DeliverySenders } from '../modules/deliveries/senders';
import { BackgroundLoop } from './background-loop';
import type { ForegroundActivity } from './foreground';
import { heartbeatIntervalMs, LeaseHeartbeat, WORK_LEASE_MS } from './lease-heartbeat';

export type DeliveryWorkerOptions = {
  db: Database;
  config: Config;
  logger: Logger;
  clock?: () => Date;
  /** Defaults to the real senders built from config (SMTP or dev outbox, guarded HTTP). */
  senders?: DeliverySenders;
  /** Upper bound of one HTTP send, and of each SMTP wait (default 10 s). */
  sendTimeoutMs?: number;
  /**
   * How long a lease protects a row without a renewal (default 8 s). The batch in hand is renewed
   * every quarter of it, however long its sends take; a dead process's rows are free once it runs out.
   */
  leaseMs?: number;
  batchSize?: number;
  /** Sends in flight at once per process. */
  concurrency?: number;
  pollMs?: number;
  /** Requests in flight: between batches the worker gives way to them (see ForegroundActivity). */
  foreground?: ForegroundActivity;
};

async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/**
 * The loop that sends the `deliveries` outbox (the work itself is `OutboxSender`, in
 * `modules/deliveries`): lease a batch of due rows under a fresh token, prepare them per account,
 * send them a few at a time, give way to requests, and wake early for a message put off by pacing.
 *
 * Safe in several processes: due rows are leased with FOR UPDATE SKIP LOCKED on the system path,
 * then each row is handled inside its own tenant's transaction, checking the lease token. The lease
 * is short and a heartbeat renews the batch's rows while it is in hand (`lease-heartbeat.ts`), so a
 * live worker keeps a row however long its send takes, while a crashed worker's rows are retried by
 * another worker (or the restarted one) within seconds. Nothing is ever sent from inside a database
 * transaction.
 *
 * At-least-once, honestly: the row is marked `sent` right after the provider accepted the message.
 * A process dying between the provider's "OK" and that update (or a worker frozen for longer than its
 * lease) means the message is sent again after the lease expires. The idempotency key travels with every
 * message (Message-ID, X-ResolutionFlow-Delivery) so receivers can drop the duplicate.
 */
export class DeliveryWorker {
  private readonly loop: BackgroundLoop;
  private wake: NodeJS.Timeout | undefined;
  private started = false;
  private readonly outbox: OutboxSender;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly heartbeatMs: number;

  constructor(private readonly o: DeliveryWorkerOptions) {
    this.outbox = new OutboxSender({
      db: o.db,
      config: o.config,
      logger: o.logger,
      clock: o.clock ?? (() => new Date()),
      senders: o.senders,
      sendTimeoutMs: o.sendTimeoutMs,
      leaseMs: o.leaseMs ?? WORK_LEASE_MS,
    });
    this.heartbeatMs = heartbeatIntervalMs(o.leaseMs ?? WORK_LEASE_MS);
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
    this.outbox.close();
  }

  private async drain() {
    let soonestDeferral = Infinity;
    while (!this.loop.stopped) {
      const token = newId();
      const rows = await this.outbox.leaseDue(token, this.batchSize);
      if (rows.length === 0) break;
      const started = performance.now();
      const leased = rows.map((r) => r.id);
      // Renewed until the whole batch is done: rows finished meanwhile carry no token and drop out.
      const heartbeat = new LeaseHeartbeat(
        () => this.outbox.renewLeases(leased, token).then(() => undefined),
        this.heartbeatMs,
        (err) => this.o.logger.warn('delivery leases not renewed', { error: err.message }),
      ).start();
      try {
        soonestDeferral = Math.min(soonestDeferral, await this.work(rows, token));
      } finally {
        await heartbeat.stop();
      }
      await this.o.foreground?.giveWay(performance.now() - started);
    }
    // A paced message is due again in a moment: wake for it instead of waiting for the next poll.
    if (this.started && !this.loop.stopped && soonestDeferral < Infinity) {
      clearTimeout(this.wake);
      this.wake = setTimeout(this.kick, soonestDeferral);
      this.wake.unref();
    }
  }

  /** Prepares and sends one leased batch; returns the soonest pacing deferral in it (or Infinity). */
  private async work(rows: { id: string; account_id: string }[], token: string) {
    let soonestDeferral = Infinity;
    const ready: (Prepared & { accountId: string })[] = [];
    for (const [accountId, ids] of groupByAccount(rows)) {
      try {
        const batch = await this.outbox.prepare(accountId, ids, token);
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
        const deferredMs = await this.outbox.send(p.accountId, token, p);
        if (deferredMs > 0) soonestDeferral = Math.min(soonestDeferral, deferredMs);
      } catch (err) {
        this.o.logger.error('delivery failed unexpectedly', {
          delivery_id: p.id,
          error: (err as Error).message,
        });
      }
    });
    return soonestDeferral;
  }
}

function groupByAccount(rows: { id: string; account_id: string }[]) {
  const groups = new Map<string, string[]>();
  for (const r of rows) groups.set(r.account_id, [...(groups.get(r.account_id) ?? []), r.id]);
  return groups;
}
