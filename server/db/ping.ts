import type { Queryable } from './types';

/** The cheapest round trip that proves the database answers (readiness probe). */
export async function pingDatabase(q: Queryable): Promise<void> {
  await q.query('SELECT 1');
}
