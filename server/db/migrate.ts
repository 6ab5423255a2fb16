import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Database, Queryable } from './types';

const here = fileURLToPath(new URL('.', import.meta.url));
const MIGRATIONS_DIR = join(here, 'migrations');
// An arbitrary constant: several processes starting at once on one PostgreSQL migrate one at a time.
const MIGRATION_LOCK_KEY = 727_100_42;

export type MigrationReport = { applied: string[]; total: number };

/** The migrations this version ships, by file name without `.sql`, in the order they apply. */
export function knownMigrations(): string[] {
  return migrationFiles().map((f) => f.replace(/\.sql$/, ''));
}

function migrationFiles(): string[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort();
}

/**
 * Applies every migration not yet recorded, in file-name order, each in its own transaction, then
 * security.sql (row-level security, the app role and its grants). security.sql is skipped when no
 * migration was applied and the database is marked with this very security.sql (see
 * `securityInPlace`): a restart of the same version would only redo what is there, which costs a
 * noticeable part of a start on the embedded database (policies dropped and created on every table).
 */
export async function migrate(db: Database): Promise<MigrationReport> {
  const files = migrationFiles();
  await db.exec(
    `CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
  const applied: string[] = [];
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    const done = new Set(
      (await tx.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map(
        (r) => r.version,
      ),
    );
    for (const file of files) {
      const version = file.replace(/\.sql$/, '');
      if (done.has(version)) continue;
      const sql = readFileSync(join(MIGRATIONS_DIR, file), 'utf8');
      await tx.exec(sql);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
      applied.push(version);
    }
    const security = readFileSync(join(here, 'security.sql'), 'utf8');
    const mark = securityMark(security);
    if (applied.length === 0 && (await securityInPlace(tx, mark))) return;
    await tx.exec(security);
    // A comment, not a row: schema_migrations lists migrations only (backups compare that list).
    await tx.exec(`COMMENT ON TABLE schema_migrations IS '${mark}'`);
  });
  return { applied, total: files.length };
}

/** What marks a database as secured by this security.sql: a hash of its text. */
function securityMark(sql: string): string {
  return `security.sql ${createHash('sha256').update(sql).digest('hex').slice(0, 16)}`;
}

/**
 * True when the database carries `mark` (security.sql applied as it is now, after the last
 * migration) and the app role exists with the connection's user a member of it. The role belongs to
 * the cluster, not the database: a database copied to another cluster gets it back from security.sql.
 */
async function securityInPlace(tx: Queryable, mark: string): Promise<boolean> {
  const { rows } = await tx.query<{ marked: boolean; role: boolean }>(
    `SELECT obj_description('schema_migrations'::regclass, 'pg_class') IS NOT DISTINCT FROM $1 AS marked,
            CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rf_app')
                 THEN pg_has_role(current_user, 'rf_app', 'MEMBER') ELSE false END AS role`,
    [mark],
  );
  return Boolean(rows[0]?.marked && rows[0]?.role);
}
