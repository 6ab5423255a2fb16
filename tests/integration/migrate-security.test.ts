import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../server/db/migrate';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';

const policies = async (t: TestDatabase, table: string) =>
  (await t.db.query(`SELECT 1 FROM pg_policies WHERE tablename = $1`, [table])).rowCount;
const mark = async (t: TestDatabase) =>
  (
    await t.db.query<{ mark: string | null }>(
      `SELECT obj_description('schema_migrations'::regclass, 'pg_class') AS mark`,
    )
  ).rows[0]!.mark;

/**
 * security.sql runs after migrations, but a start that applies no migration skips it when the
 * database carries the mark of this very security.sql (server/db/migrate.ts). The policy dropped by
 * hand below is how the test tells a skipped run from an applied one.
 */
describe(`migrations and security.sql on an up-to-date database (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it('the migrated database carries the mark of the security.sql it applied', async () => {
    expect(await mark(t)).toMatch(/^security\.sql [0-9a-f]{16}$/);
  });

  it('skips security.sql when nothing is applied and the mark is current', async () => {
    await t.db.exec('DROP POLICY tenant_isolation ON sessions');
    expect(await migrate(t.db)).toMatchObject({ applied: [] });
    expect(await policies(t, 'sessions')).toBe(0);
  });

  it('applies it again when the mark is not this security.sql, and marks the database', async () => {
    const current = await mark(t);
    await t.db.exec(`COMMENT ON TABLE schema_migrations IS 'security.sql 0000000000000000'`);
    expect(await migrate(t.db)).toMatchObject({ applied: [] });
    expect(await policies(t, 'sessions')).toBe(1);
    expect(await mark(t)).toBe(current);
  });

  it('applies it again when there is no mark (a database migrated by an older version)', async () => {
    await t.db.exec('DROP POLICY tenant_isolation ON sessions');
    await t.db.exec('COMMENT ON TABLE schema_migrations IS NULL');
    await migrate(t.db);
    expect(await policies(t, 'sessions')).toBe(1);
  });
});
