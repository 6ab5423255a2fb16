import { openPglite } from '../../server/db/pglite';
import { openPostgres } from '../../server/db/postgres';
import type { Database } from '../../server/db/types';
import { createThrowawayDatabase } from './throwaway-database';

/**
 * The database a benchmark runs on: an in-memory PGlite, or with DATABASE_URL a throw-away database
 * (named after `prefix`) in that PostgreSQL cluster, dropped again by `close()`. Migrations are up to
 * the caller.
 */
export async function openBenchDb(
  prefix: string,
): Promise<{ db: Database; kind: string; close: () => Promise<void> }> {
  if (!process.env.DATABASE_URL) {
    const db = await openPglite();
    return { db, kind: 'PGlite (in-memory)', close: () => db.close() };
  }
  const t = await createThrowawayDatabase(process.env.DATABASE_URL, prefix);
  const db = await openPostgres(t.url, 5);
  return { db, kind: 'PostgreSQL', close: async () => (await db.close(), await t.drop()) };
}
