import { PGlite } from '@electric-sql/pglite';
import { CommitNotices } from './commit-notices';
import type { Database, Queryable, QueryResult } from './types';

// int8 (count(*), bigserial ids) and numeric come back as numbers: every value we store fits.
// Installed once on the instance, never passed per query: PGlite copies its whole parser table
// (about 320 entries once the array types are known) into a new object for every query given its
// own `parsers`, which cost 0.15–0.45 ms of CPU per statement — most of what a statement cost here.
const parsers = { 20: Number, 1700: Number };

// The embedded database lives in the server's own memory. PostgreSQL's default 128 MB of shared
// buffers is touched at start and never given back (about 130 MB of the idle server); the operating
// system already caches the data folder's files, so a smaller buffer pool costs little.
const EMBEDDED_SETTINGS = ['shared_buffers = 32MB'];

/** PGlite's lock around each query and transaction: on the class, not in its published types. */
type PgliteLocks = { _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T> };

function wrap(q: Pick<PGlite, 'query' | 'exec'>): Queryable {
  return {
    async exec(sql: string) {
      await q.exec(sql);
    },
    async query<T>(sql: string, params: unknown[] = []): Promise<QueryResult<T>> {
      const res = await q.query<T>(sql, params);
      return { rows: res.rows, rowCount: Math.max(res.affectedRows ?? 0, res.rows.length) };
    },
  };
}

/**
 * Opens the embedded database. `dataDir` undefined means in-memory (tests); `snapshot` starts it from
 * a data-folder archive made by `dumpDataDir` (tests restore one migrated template per file).
 */
export async function openPglite(dataDir?: string, snapshot?: Blob): Promise<Database> {
  const pg = await PGlite.create({
    dataDir,
    loadDataDir: snapshot,
    postgresqlconf: EMBEDDED_SETTINGS,
    parsers,
  });
  const base = wrap(pg);
  const notices = new CommitNotices();
  return {
    kind: 'pglite',
    ...base,
    async transaction(fn, prelude) {
      const queue = notices.queue();
      const result = await pg.transaction(async (tx) => {
        if (prelude) await tx.exec(prelude);
        return fn({ ...wrap(tx), notifyAfterCommit: queue.notify });
      });
      queue.deliver();
      return result;
    },
    listen: async (channel, onMessage) => {
      const unsub = await pg.listen(channel, onMessage);
      return async () => unsub();
    },
    onCommitted: (channel, listener) => notices.subscribe(channel, listener),
    close: () => pg.close(),
    snapshot: async () => pg.dumpDataDir('none'),
    exclusive: (fn) => (pg as unknown as PgliteLocks)._runExclusiveTransaction(fn),
  };
}
