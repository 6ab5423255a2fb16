import { execFileSync, spawn } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';
import { freePort } from './server-process';

/** The pgbouncer executable on PATH or where Debian installs it, or undefined when not installed. */
export function pgbouncerBinary(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/bin'];
  for (const dir of dirs.filter(Boolean)) {
    const path = join(dir, 'pgbouncer');
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

export type Pgbouncer = {
  port: number;
  /** `directUrl` with host and port swapped for the pooler's: same user, same database. */
  pooledUrl: (directUrl: string) => string;
  /** Runs one command on PgBouncer's admin console (`SHOW POOLS`, `SHOW STATS`…). */
  admin: <T>(command: string) => Promise<T[]>;
  output: () => string;
  stop: () => Promise<void>;
};

/**
 * Starts PgBouncer in transaction mode on 127.0.0.1 in front of the cluster of `directUrl` (every
 * database name is passed through), with `poolSize` server connections per database and user: fewer
 * than the clients, so server connections really are shared between them and between tenants.
 * Authentication is `trust`, like the test cluster. PgBouncer refuses to run as root; as root it runs
 * as the `postgres` user, like scripts/pg-cluster.sh runs the cluster.
 */
export async function startPgbouncer(binary: string, directUrl: string, poolSize = 2): Promise<Pgbouncer> {
  const target = new URL(directUrl);
  const user = decodeURIComponent(target.username) || 'postgres';
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'rf-pgbouncer-'));
  const users = join(dir, 'users.txt');
  const ini = join(dir, 'pgbouncer.ini');
  writeFileSync(users, `"${user}" ""\n`);
  writeFileSync(
    ini,
    [
      '[databases]',
      `* = host=${target.hostname} port=${target.port || 5432}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${users}`,
      `admin_users = ${user}`,
      'pool_mode = transaction',
      `default_pool_size = ${poolSize}`,
      'max_client_conn = 500',
      'server_login_retry = 1',
      '',
    ].join('\n'),
  );
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    // The files are read by the `postgres` user PgBouncer switches to.
    chmodSync(dir, 0o755);
    for (const f of [users, ini]) chmodSync(f, 0o644);
  }
  const ids = asRoot ? postgresUserIds() : {};
  const child = spawn(binary, [ini], { ...ids, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));

  const pooledUrl = (url: string) => {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(port);
    return u.toString();
  };
  const admin = async <T>(command: string): Promise<T[]> => {
    const u = new URL(pooledUrl(directUrl));
    u.pathname = '/pgbouncer';
    const c = new pg.Client({ connectionString: u.toString() });
    await c.connect();
    try {
      return (await c.query(command)).rows as T[];
    } finally {
      await c.end();
    }
  };
  const stop = async () => {
    if (!gone) {
      child.kill('SIGTERM'); // immediate shutdown
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  // Ready when a query passes through it to the cluster.
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (gone) throw new Error(`pgbouncer exited at start:\n${out}`);
    try {
      const c = new pg.Client({ connectionString: pooledUrl(directUrl) });
      await c.connect();
      await c.query('SELECT 1');
      await c.end();
      break;
    } catch (err) {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`pgbouncer did not answer: ${(err as Error).message}\n${out}`, { cause: err });
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { port, pooledUrl, admin, output: () => out, stop };
}

function postgresUserIds(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}
