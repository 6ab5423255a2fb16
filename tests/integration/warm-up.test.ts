import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/types';
import { createLogger } from '../../server/lib/logger';
import { COMMITTED_EVENTS_CHANNEL } from '../../server/modules/events/events.repo';
import { rehearseHotPath, warmHotPaths } from '../../server/modules/warm-up';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';
import { createTestAccount } from '../helpers/factories';

/** Rows per table of the public schema, read as the schema owner (RLS does not hide any). */
async function rowCounts(db: Database): Promise<Record<string, number>> {
  const tables = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables.rows) {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${name}"`);
    counts[name] = rows[0]!.n;
  }
  return counts;
}

/** How far the events' id sequence has gone: a rolled-back insert still moves it. */
async function lastEventId(db: Database): Promise<number> {
  const { rows } = await db.query<{ id: number }>(`SELECT nextval('events_id_seq')::int AS id`);
  return rows[0]!.id;
}

describe(`warming the hot paths at start (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    // An account with history, so "nothing changed" is checked beside real rows too.
    await createTestAccount(t.db, { tech: 'tech', senior: 'engineer' });
  });
  afterAll(() => t.drop());

  it('runs session, escalation, assessment and claim through the real use cases, then leaves no trace', async () => {
    const before = await rowCounts(t.db);
    const eventIdBefore = await lastEventId(t.db);
    const announced: unknown[] = [];
    const unsubscribe = t.db.onCommitted(COMMITTED_EVENTS_CHANNEL, (m) => announced.push(m));
    const logged: string[] = [];
    const logger = createLogger('warn', (line) => logged.push(line));

    // PostgreSQL warms four connections at start. The embedded database does not warm at start (the
    // sequence moves only by the probe's own step), and its rehearsal is checked alone.
    await warmHotPaths(t.db, 10, logger);
    if (!onPostgres) {
      expect(await lastEventId(t.db)).toBe(eventIdBefore + 1);
      await rehearseHotPath(t.db, logger);
    }
    unsubscribe();

    // Each rehearsal appended at least four events (escalation, bell notifications, assessment,
    // claim) and rolled every one back.
    const [rehearsals, probesBetween] = onPostgres ? [4, 0] : [1, 1];
    expect(await lastEventId(t.db)).toBeGreaterThanOrEqual(
      eventIdBefore + 1 + probesBetween + 4 * rehearsals,
    );
    expect(await rowCounts(t.db)).toEqual(before);
    expect(announced).toEqual([]);
    expect(logged).toEqual([]);
  });
});
