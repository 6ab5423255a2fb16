import pg from 'pg';
import { cpuSeconds } from './process-stats';

export type PostgresReport = {
  /** CPU seconds used by this database's backends during the run. */
  cpuSeconds: number;
  /** Backends of this database running a statement or inside a transaction, per sample. */
  busyBackends: { mean: number; max: number; samples: number };
  /** Of those, on average: running a statement, and idle inside a transaction (waiting for the app). */
  busyActive: number;
  busyIdleInTransaction: number;
  /** Backends of this database waiting for a lock, per sample. */
  lockWaits: { mean: number; max: number };
};

/**
 * Watches the PostgreSQL backends serving one database (the cluster runs on this machine): CPU
 * time from /proc, and from pg_stat_activity how many are busy (a pool at its limit shows as busy
 * = pool size) and how many wait for a lock. Other databases of the cluster — other people's
 * tests — are not counted. A backend started during the run counts its CPU from zero.
 */
export class PostgresMonitor {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private busy: number[] = [];
  private active: number[] = [];
  private idleInTx: number[] = [];
  private locks: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sampling = false;
  private readonly client: pg.Client;

  private constructor(
    adminUrl: string,
    private readonly database: string,
  ) {
    this.client = new pg.Client({ connectionString: adminUrl });
  }

  static async start(adminUrl: string, database: string, intervalMs = 250) {
    const m = new PostgresMonitor(adminUrl, database);
    await m.client.connect();
    await m.sample(true);
    m.busy = [];
    m.active = [];
    m.idleInTx = [];
    m.locks = [];
    m.timer = setInterval(() => void m.sample(false), intervalMs);
    return m;
  }

  private async sample(initial: boolean) {
    if (this.sampling) return;
    this.sampling = true;
    try {
      const { rows } = await this.client.query<{
        pid: number;
        state: string | null;
        wait_event_type: string | null;
      }>(
        'SELECT pid, state, wait_event_type FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [this.database],
      );
      this.busy.push(rows.filter((r) => r.state !== null && r.state !== 'idle').length);
      this.active.push(rows.filter((r) => r.state === 'active').length);
      this.idleInTx.push(rows.filter((r) => r.state?.startsWith('idle in transaction')).length);
      this.locks.push(rows.filter((r) => r.wait_event_type === 'Lock').length);
      for (const { pid } of rows) {
        let cpu: number;
        try {
          cpu = cpuSeconds(pid);
        } catch {
          continue; // exited meanwhile
        }
        if (!this.first.has(pid)) this.first.set(pid, initial ? cpu : 0);
        this.last.set(pid, cpu);
      }
    } catch {
      /* a failed sample is skipped */
    } finally {
      this.sampling = false;
    }
  }

  /** Takes a last sample, stops, and reports since the start. */
  async stop(): Promise<PostgresReport> {
    clearInterval(this.timer);
    while (this.sampling) await new Promise((r) => setTimeout(r, 10));
    await this.sample(false);
    await this.client.end();
    let cpu = 0;
    for (const [pid, seconds] of this.last) cpu += seconds - (this.first.get(pid) ?? 0);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    return {
      cpuSeconds: cpu,
      busyBackends: { mean: mean(this.busy), max: Math.max(0, ...this.busy), samples: this.busy.length },
      busyActive: mean(this.active),
      busyIdleInTransaction: mean(this.idleInTx),
      lockWaits: { mean: mean(this.locks), max: Math.max(0, ...this.locks) },
    };
  }
}
