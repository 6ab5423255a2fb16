import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { migrate } from '../../server/db/migrate';
import { openPglite } from '../../server/db/pglite';
import { openPostgres } from '../../server/db/postgres';

// Migrating a fresh database costs about 3 s per test file on the 2-core machine; restoring a
// migrated copy costs about 1 s on PGlite and a few milliseconds on PostgreSQL. The template is keyed
// by the migrations' content, so a changed migration builds a new one and a stale one is never used.

const here = fileURLToPath(new URL('.', import.meta.url));
const DB_DIR = join(here, '../../server/db');
const TEMPLATE_DIR = join(here, '../../.tmp/db-templates');

function schemaKey(): string {
  const hash = createHash('sha256');
  const migrations = join(DB_DIR, 'migrations');
  for (const file of readdirSync(migrations).sort())
    hash.update(file).update(readFileSync(join(migrations, file)));
  hash.update(readFileSync(join(DB_DIR, 'security.sql')));
  // The migrator too: it marks the database with the security.sql it applied (server starts on a
  // clone skip re-applying it), so a changed migrator builds a new template.
  hash.update(readFileSync(join(DB_DIR, 'migrate.ts')));
  return hash.digest('hex').slice(0, 12);
}

const key = schemaKey();

/** Where the migrated PGlite data folder archive of this schema lives. */
export const pgliteTemplatePath = join(TEMPLATE_DIR, `pglite-${key}.tar`);

/** The name of the migrated PostgreSQL template database of this schema. */
export const postgresTemplateName = `rf_template_${key}`;

/** Builds the PGlite template unless it exists; written under a temporary name, then renamed. */
export async function ensurePgliteTemplate(): Promise<void> {
  if (existsSync(pgliteTemplatePath)) return;
  mkdirSync(TEMPLATE_DIR, { recursive: true });
  const db = await openPglite();
  await migrate(db);
  const archive = await db.snapshot!();
  await db.close();
  const partial = `${pgliteTemplatePath}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await archive.arrayBuffer()));
  renameSync(partial, pgliteTemplatePath);
}

/** Creates and migrates the PostgreSQL template database in the cluster of `adminUrl` unless it exists. */
export async function ensurePostgresTemplate(adminUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [postgresTemplateName]);
    if (found.rowCount) return;
    // Built under another name and renamed, so a half-migrated template is never cloned.
    const building = `${postgresTemplateName}_building`;
    await admin.query(`DROP DATABASE IF EXISTS ${building}`);
    await admin.query(`CREATE DATABASE ${building}`);
    const url = new URL(adminUrl);
    url.pathname = `/${building}`;
    const db = await openPostgres(url.toString(), 1);
    await migrate(db);
    await db.close();
    await admin.query(`ALTER DATABASE ${building} RENAME TO ${postgresTemplateName}`);
  } finally {
    await admin.end();
  }
}
