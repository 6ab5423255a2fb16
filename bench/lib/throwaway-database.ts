import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';

export type ThrowawayDatabase = { url: string; drop: () => Promise<void> };

/**
 * A fresh, empty database in the cluster of `adminUrl` (the way every PostgreSQL benchmark here
 * starts), dropped again with `drop()`. Migrations are up to the caller.
 */
export async function createThrowawayDatabase(adminUrl: string, prefix: string): Promise<ThrowawayDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

export type PrivateCluster = { adminUrl: string; stop: () => void };

/**
 * A PostgreSQL 15 cluster of the benchmark's own (scripts/pg-cluster.sh with its own folder and
 * port), for when no DATABASE_URL is given. `stop()` stops that cluster only — never a shared one,
 * because the folder is ours.
 */
export function startPrivateCluster(dir: string, port: number): PrivateCluster {
  const script = join(import.meta.dirname, '../../scripts/pg-cluster.sh');
  const env = { ...process.env, PG_CLUSTER_DIR: dir };
  const adminUrl = execFileSync(script, ['start', String(port)], { env, encoding: 'utf8' })
    .trim()
    .split('\n')
    .at(-1)!;
  return { adminUrl, stop: () => void execFileSync(script, ['stop'], { env, stdio: 'ignore' }) };
}
