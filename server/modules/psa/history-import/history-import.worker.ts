import type { Config } from '../../../config';
import { asSystem, withTenant } from '../../../db/tenant';
import type { Database } from '../../../db/types';
import { newId } from '../../../lib/crypto';
import type { Logger } from '../../../lib/logger';
import { BackgroundLoop } from '../../../jobs/background-loop';
import { heartbeatIntervalMs, LeaseHeartbeat, WORK_LEASE_MS } from '../../../jobs/lease-heartbeat';
import { findAbandoned, finishImport } from '../../knowledge/imports.repo';
import type { PsaProvider } from '../provider';
import { providerForConnection } from '../provider-factory';
import { findConnectionSecrets } from '../psa.repo';
import { claimImport, holdImport, releaseLease, renewLease, type ClaimedImport } from './history-import.repo';
import { onHistoryImportQueued } from './history-import.service';
import { ImportBlocked, LeaseLost, runImport, Stopping } from './import-run';
import { DEFAULT_RETRY, type RetryPolicy } from './psa-retry';

export type PsaHistoryWorkerOptions = {
  db: Database;
  config: Config;
  logger: Logger;
  clock?: () => Date;
  /** How long a claimed import is protected from other processes without a sign of life (default 8 s). */
  leaseMs?: number;
  /** How often a run renews its lease (default: a quarter of `leaseMs`). */
  heartbeatMs?: number;
  /** Tickets per PSA page (ConnectWise up to 1000, HaloPSA 100, Autotask pages of 500 joined): also how much work a crash can make us redo. */
  pageSize?: number;
  notesConcurrency?: number;
  /** Imports run at once by this process (one per account at most). */
  concurrency?: number;
  pollMs?: number;
  /** One PSA call's deadline. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
};

/**
 * Runs PSA history imports (SPEC §14) in the background. An import is claimed with a lease and a
 * fresh owner token written into its cursor; the run renews the lease on a heartbeat and commits
 * every page with the next cursor. A process that dies stops renewing: its short lease runs out
 * within seconds, and any worker that starts or polls then finds the import abandoned and continues
 * from its cursor (on the embedded database the restarted process frees it at start, see
 * `server/jobs/restart-takeover.ts`). On a clean shutdown the lease is handed back at once.
 */
export class PsaHistoryImportWorker {
  private readonly loop: BackgroundLoop;
  private readonly clock: () => Date;
  private readonly leaseMs: number;
  private readonly running = new Map<string, Promise<void>>();
  private readonly wakers = new Set<() => void>();
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly o: PsaHistoryWorkerOptions) {
    this.clock = o.clock ?? (() => new Date());
    this.leaseMs = o.leaseMs ?? WORK_LEASE_MS;
    // Polled as often as the outbox: an import a dead process left is resumed soon after its lease ends.
    this.loop = new BackgroundLoop('PSA history import', () => this.drain(), o.logger, o.pollMs ?? 2_000);
  }

  start() {
    this.unsubscribe = onHistoryImportQueued(this.kick);
    this.loop.start();
  }

  kick = () => this.loop.kick();

  /** Resolves once no import is being claimed or run in this process. */
  idle = async () => {
    do {
      await this.loop.idle();
      await Promise.all(this.running.values());
    } while (this.running.size);
  };

  /** Claims whatever is waiting and runs it to its end (tests; an import blocked by 429s waits its retries). */
  async runOnce() {
    this.kick();
    await this.idle();
  }

  async stop() {
    this.unsubscribe?.();
    const stopping = this.loop.stop();
    for (const wake of this.wakers) wake();
    await stopping;
    await Promise.all(this.running.values());
  }

  private async drain() {
    const max = this.o.concurrency ?? 2;
    if (this.running.size >= max) return;
    const now = this.clock();
    const waiting = await asSystem(this.o.db, 'worker', (q) => findAbandoned(q, 'psa_history', now));
    for (const { id, account_id: accountId } of waiting) {
      if (this.loop.stopped || this.running.size >= max) return;
      if (this.running.has(id)) continue;
      const owner = newId();
      const job = await withTenant(this.o.db, accountId, (tx) =>
        claimImport(tx, accountId, id, owner, new Date(now.getTime() + this.leaseMs), now),
      );
      if (!job) continue; // another process was quicker
      const run = this.run(accountId, job)
        .catch((err: Error) =>
          // The import keeps its cursor; its lease runs out and a later pass tries again.
          this.o.logger.error('PSA history import failed unexpectedly', {
            import_id: id,
            error: err.message,
          }),
        )
        .finally(() => {
          this.running.delete(id);
          this.kick(); // a slot is free: take the next waiting import
        });
      this.running.set(id, run);
    }
  }

  private async run(accountId: string, job: ClaimedImport) {
    const { db } = this.o;
    const owner = job.cursor.owner;
    const heartbeat = new LeaseHeartbeat(
      () =>
        withTenant(db, accountId, (tx) =>
          renewLease(tx, accountId, job.id, owner, new Date(this.clock().getTime() + this.leaseMs)),
        ),
      this.o.heartbeatMs ?? heartbeatIntervalMs(this.leaseMs),
      (err) => this.o.logger.warn('PSA history lease not renewed', { error: err.message }),
    ).start();
    try {
      const provider = await this.providerFor(accountId);
      await runImport({
        db,
        accountId,
        job,
        provider,
        pageSize: this.o.pageSize ?? 100,
        notesConcurrency: this.o.notesConcurrency ?? 4,
        leaseMs: this.leaseMs,
        retry: { ...DEFAULT_RETRY, ...this.o.retry },
        clock: this.clock,
        sleep: (ms) => this.sleep(ms),
        checkActive: () => {
          if (this.loop.stopped) throw new Stopping();
          if (heartbeat.lost) throw new LeaseLost();
        },
      });
    } catch (err) {
      if (err instanceof LeaseLost) return;
      if (err instanceof Stopping) {
        // Stopped first: a renewal landing after the release would make the next process wait the lease out.
        await heartbeat.stop();
        await withTenant(db, accountId, (tx) => releaseLease(tx, accountId, job.id, owner));
        return;
      }
      if (!(err instanceof ImportBlocked)) throw err;
      await withTenant(db, accountId, async (tx) => {
        if (await holdImport(tx, accountId, job.id, owner))
          await finishImport(tx, accountId, job.id, { status: 'failed', error: err.message }, this.clock());
      });
    } finally {
      await heartbeat.stop();
    }
  }

  /** The account's PSA connection as it is now (it may have been switched off or to another PSA meanwhile). */
  private async providerFor(accountId: string): Promise<PsaProvider> {
    const row = await withTenant(this.o.db, accountId, (tx) => findConnectionSecrets(tx, accountId));
    if (!row?.enabled)
      throw new ImportBlocked('The PSA connection was removed or switched off before the import finished');
    try {
      return providerForConnection(row, accountId, this.o.config, this.o.timeoutMs ?? 30_000);
    } catch (err) {
      throw new ImportBlocked(`The PSA keys cannot be opened (${(err as Error).message}): save them again`);
    }
  }

  /** A wait that a shutdown cuts short. */
  private sleep(ms: number) {
    if (this.loop.stopped) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }
}
