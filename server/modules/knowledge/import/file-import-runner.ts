import { asSystem, withTenant } from '../../../db/tenant';
import type { Database } from '../../../db/types';
import type { ForegroundActivity } from '../../../jobs/foreground';
import { heartbeatIntervalMs, LeaseHeartbeat, WORK_LEASE_MS } from '../../../jobs/lease-heartbeat';
import type { Logger } from '../../../lib/logger';
import { outsideRequestScope } from '../../../lib/request-scope';
import { findAbandoned, finishImport, renewLeases } from '../imports.repo';
import { type FileImportJob, runFileImport } from './file-import-job';

export type { FileImportJob } from './file-import-job';

export const INTERRUPTED = 'Interrupted by a restart: upload the files again';
const STOPPED = 'The import stopped unexpectedly: upload the files again';

/**
 * A live process renews its imports' leases four times per lease; an upload left by a dead process
 * is marked failed by any live one within seconds (on the embedded database, at the restart).
 */
export const FILE_IMPORT_LEASE_MS = WORK_LEASE_MS;

/** What the HTTP layer needs: somewhere to hand an upload, and (tests) a way to wait for it. */
export interface FileImportQueue {
  enqueue(job: FileImportJob): void;
  /** Resolves once every upload handed over so far has finished. */
  idle(): Promise<void>;
}

export type FileImportRunnerOptions = {
  db: Database;
  logger: Logger;
  clock?: () => Date;
  foreground?: ForegroundActivity;
  /** Files saved per transaction (and per progress update). */
  batchSize?: number;
};

/**
 * Runs file imports in this process, one upload at a time. An upload's bytes exist only here, in
 * memory: the database row is the progress report, not a job another process could take over. So a
 * row whose lease no live process renews can never finish, and is marked failed (at start, and on
 * every heartbeat for processes that died while this one runs).
 */
export class FileImportRunner implements FileImportQueue {
  private readonly pending: FileImportJob[] = [];
  /** Imports queued or running here: import id → account id. */
  private readonly held = new Map<string, string>();
  private running: Promise<void> | null = null;
  private heartbeat: LeaseHeartbeat | undefined;
  private stopping = false;
  private readonly clock: () => Date;

  constructor(private readonly o: FileImportRunnerOptions) {
    this.clock = o.clock ?? (() => new Date());
  }

  leaseUntil = () => new Date(this.clock().getTime() + FILE_IMPORT_LEASE_MS);

  /** Fails what a dead process left behind, then keeps this process's leases fresh. */
  async start() {
    await this.failAbandoned();
    this.heartbeat = new LeaseHeartbeat(
      () => this.renewAndSweep(),
      heartbeatIntervalMs(FILE_IMPORT_LEASE_MS),
      (err) => this.o.logger.warn('file import heartbeat failed', { error: err.message }),
    ).start();
  }

  enqueue(job: FileImportJob) {
    this.held.set(job.importId, job.accountId);
    this.pending.push(job);
    this.pump();
  }

  async idle() {
    while (this.running) await this.running;
  }

  /** Takes no new file; uploads in hand are marked interrupted (their bytes die with the process). */
  async stop() {
    this.stopping = true;
    await this.heartbeat?.stop();
    await this.idle();
  }

  /** Marks failed every file import whose lease ran out; returns how many. */
  async failAbandoned(): Promise<number> {
    let count = 0;
    for (;;) {
      const rows = await asSystem(this.o.db, 'worker', (q) => findAbandoned(q, 'files', this.clock()));
      const orphans = rows.filter((r) => !this.held.has(r.id));
      if (orphans.length === 0) return count;
      for (const r of orphans) await this.finish(r.account_id, r.id, INTERRUPTED);
      count += orphans.length;
    }
  }

  private pump() {
    if (this.running) return;
    // One run drains every queued upload, not only the one whose request started it.
    outsideRequestScope(() => {
      this.running = this.drain().finally(() => {
        this.running = null;
        // An upload handed over while the last run was returning.
        if (this.pending.length > 0) this.pump();
      });
    });
  }

  private async drain() {
    for (let job = this.pending.shift(); job; job = this.pending.shift()) {
      try {
        const result = this.stopping
          ? 'interrupted'
          : await runFileImport(
              {
                ...this.o,
                clock: this.clock,
                leaseUntil: this.leaseUntil,
                batchSize: this.o.batchSize ?? 25,
              },
              job,
              () => this.stopping,
            );
        await this.finish(job.accountId, job.importId, result === 'done' ? null : INTERRUPTED);
      } catch (err) {
        this.o.logger.error('file import failed', { import_id: job.importId, error: (err as Error).message });
        await this.finish(job.accountId, job.importId, STOPPED).catch(() => undefined);
      } finally {
        this.held.delete(job.importId);
      }
    }
  }

  private finish(accountId: string, id: string, error: string | null) {
    return withTenant(this.o.db, accountId, (tx) =>
      finishImport(tx, accountId, id, { status: error ? 'failed' : 'done', error }, this.clock()),
    );
  }

  private async renewAndSweep() {
    const ids = [...this.held.keys()];
    await asSystem(this.o.db, 'worker', (q) => renewLeases(q, ids, this.leaseUntil()));
    await this.failAbandoned();
  }
}
