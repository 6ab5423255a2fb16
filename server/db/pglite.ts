import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable, QueryResult } from './types';

// int8 (count(*), bigserial ids) and numeric come back as numbers: every value we store fits.
const parsers = { 20: Number, 1700: Number };

function wrap(q: Pick<PGlite, 'query' | 'exec'>): Queryable {
  return {
    async exec(sql: string) {
      await q.exec(sql);
    },
    async query<T>(sql: string, params: unknown[] = []): Promise<QueryResult<T>> {
      const res = await q.query<T>(sql, params, { parsers });
      return { rows: res.rows, rowCount: Math.max(res.affectedRows ?? 0, res.rows.length) };
    },
  };
}

/** Opens the embedded database. `dataDir` undefined means in-memory (tests). */
export async function openPglite(dataDir?: string): Promise<Database> {
  const pg = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  const base = wrap(pg);
  return {
    kind: 'pglite',
    ...base,
    transaction: (fn, prelude) =>
      pg.transaction(async (tx) => {
        if (prelude) await tx.exec(prelude);
        return fn(wrap(tx));
      }),
    listen: async (channel, onMessage) => {
      const unsub = await pg.listen(channel, onMessage);
      return async () => unsub();
    },
    close: () => pg.close(),
  };
}
