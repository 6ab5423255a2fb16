import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Database } from './types';

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

/** Applies every migration not yet recorded, in file-name order, each in its own transaction. */
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
    await tx.exec(readFileSync(join(here, 'security.sql'), 'utf8'));
  });
  return { applied, total: files.length };
}
