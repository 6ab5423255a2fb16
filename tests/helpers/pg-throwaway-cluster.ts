import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { freePort } from './server-process';

/**
 * A PostgreSQL cluster of a test's own, to stop and start at will without touching the cluster the
 * rest of the suite shares. Same approach as scripts/pg-cluster.sh: a folder under /tmp, a free port,
 * and, as root, everything run as the `postgres` user (PostgreSQL refuses to run as root).
 */
export type ThrowawayCluster = {
  url: string;
  port: number;
  stop: () => void;
  start: () => void;
  /** Stops the cluster and removes its folder. */
  destroy: () => void;
};

function binDir(): string {
  try {
    const initdb = execFileSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).trim();
    if (initdb) return dirname(initdb);
  } catch {
    /* not on PATH */
  }
  return '/usr/lib/postgresql/15/bin';
}

const isRoot = () => process.getuid?.() === 0;

function run(bin: string, args: string[]) {
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  execFileSync(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
}

export async function startThrowawayCluster(): Promise<ThrowawayCluster> {
  const bin = binDir();
  if (!existsSync(join(bin, 'initdb')))
    throw new Error(`PostgreSQL server binaries not found (looked in ${bin})`);
  const dir = mkdtempSync('/tmp/rf-fault-pg-');
  if (isRoot()) execFileSync('chown', ['postgres', dir]);
  const data = join(dir, 'data');
  const port = await freePort();
  run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=100 -c fsync=off -c shared_buffers=32MB`;
  const start = () =>
    run(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'log'), '-w', '-o', options, 'start']);
  const stop = () => run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    destroy: () => {
      try {
        if (existsSync(join(data, 'postmaster.pid'))) stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
