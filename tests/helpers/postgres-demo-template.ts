import pg from 'pg';
import { openPostgres } from '../../server/db/postgres';
import { seedDemo } from '../../server/seed/demo';
import { postgresTemplateName } from './db-template';

/** Names of the run's demo-seeded template databases: the prefix, then when the run began. */
const PREFIX = 'rf_demo_template_';
/** Templates of runs that ended without their teardown (killed) are dropped after a day. */
const STALE_MS = 24 * 3600_000;

export const postgresDemoTemplateName = () => `${PREFIX}${Date.now()}_${process.pid}`;

/**
 * Clones the run's migrated template into `name` and seeds the demo into it, as a server started
 * with SEED_DEMO=on on an empty database would. Built under another name and renamed when done, so
 * a file never clones a half-seeded one; per run (dropped at its end), so the demo's dates are as
 * fresh as a server's own seeding would make them.
 */
export async function makePostgresDemoTemplate(adminUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await dropStaleDemoTemplates(admin);
    const building = `${name}_building`;
    await admin.query(`CREATE DATABASE ${building} TEMPLATE ${postgresTemplateName}`);
    const url = new URL(adminUrl);
    url.pathname = `/${building}`;
    const db = await openPostgres(url.toString(), 1);
    try {
      await seedDemo(db);
    } finally {
      await db.close();
    }
    await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
  } finally {
    await admin.end();
  }
}

export async function dropPostgresDemoTemplate(adminUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS ${name}_building WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

async function dropStaleDemoTemplates(admin: pg.Client) {
  const { rows } = await admin.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE $1`,
    [`${PREFIX}%`],
  );
  for (const { datname } of rows) {
    const startedAt = Number(datname.slice(PREFIX.length).split('_')[0]);
    if (Date.now() - startedAt > STALE_MS)
      await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  }
}
