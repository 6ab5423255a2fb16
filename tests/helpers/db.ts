import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { openPglite } from '../../server/db/pglite';
import { openPostgres } from '../../server/db/postgres';
import type { Database } from '../../server/db/types';
import { SEEDED_DEMO_WAIT_MS } from './seeded-demo-folder';
import {
  ensurePgliteTemplate,
  ensurePostgresTemplate,
  pgliteTemplatePath,
  postgresTemplateName,
} from './db-template';

/**
 * The PGlite template archive as PGlite reads it, the file read once per worker process (the database
 * projects run files one after another in the same process). Reading the 43 MB archive, copying it
 * into a Blob and PGlite copying it out again cost about 2 s of CPU per test file, most of a clone.
 * PGlite only calls `arrayBuffer()` on it and copies every file out of the archive (untar slices), so
 * one buffer serves every clone unchanged.
 */
class TemplateArchive extends Blob {
  readonly #archive: ArrayBuffer;
  constructor(archive: ArrayBuffer) {
    super([], { type: 'application/x-tar' });
    this.#archive = archive;
  }
  override arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(this.#archive);
  }
}

let cachedTemplate: TemplateArchive | undefined;

function pgliteTemplate(): Blob {
  if (!cachedTemplate) {
    const file = readFileSync(pgliteTemplatePath);
    cachedTemplate = new TemplateArchive(
      file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer,
    );
  }
  return cachedTemplate;
}

export type TestDatabase = { db: Database; url?: string; drop: () => Promise<void> };

/** True when the suite runs against PostgreSQL (DATABASE_URL set), false on embedded PGlite. */
export const onPostgres = Boolean(process.env.DATABASE_URL);

/**
 * The run's demo-seeded PostgreSQL template when it is made (db-template.setup.ts), else undefined.
 * While it is being made (its `_building` database is there) it is waited for, up to
 * SEEDED_DEMO_WAIT_MS: a server started with SEED_DEMO=on on a database without it seeds the demo
 * itself, which costs more than the making has left to do.
 */
async function readyDemoTemplate(admin: pg.Client): Promise<string | undefined> {
  let name: string | undefined;
  try {
    name = inject('postgresDemoTemplate');
  } catch {
    return undefined; // not in a test file: no run template
  }
  if (!name) return undefined;
  const template = name;
  const building = `${name}_building`;
  const deadline = Date.now() + SEEDED_DEMO_WAIT_MS;
  for (;;) {
    const found = await admin.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname = ANY($1)',
      [[template, building]],
    );
    const names: string[] = found.rows.map((r) => r.datname);
    if (names.includes(template)) return template;
    if (!names.includes(building) || Date.now() >= deadline) return undefined;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * A migrated database of its own for one test file, cloned from the run's migrated template (see
 * db-template.ts): a new database in the PostgreSQL cluster of DATABASE_URL, or an in-memory PGlite.
 * Tests inside a file isolate themselves by creating accounts. With `demo` on PostgreSQL it is
 * cloned from the run's demo-seeded template once that is ready (waited for a while when it is being
 * made): for a server started on it with SEED_DEMO=on, which then finds the demo there instead of
 * seeding it (about 4 s of CPU and more of waiting on the database per start). PGlite ignores it
 * (servers there copy a seeded folder).
 */
export async function createTestDatabase(options: { demo?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    await ensurePgliteTemplate();
    const db = await openPglite(undefined, pgliteTemplate());
    return { db, drop: () => db.close() };
  }
  await ensurePostgresTemplate(adminUrl);
  const name = `rf_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const template = (options.demo && (await readyDemoTemplate(admin))) || postgresTemplateName;
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString(), 20);
  return {
    db,
    url: url.toString(),
    drop: async () => {
      await db.close();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
