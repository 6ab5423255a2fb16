import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export type ServerProcess = {
  url: string;
  port: number;
  dataDir: string;
  child: ChildProcess;
  output: () => string;
  /** Stops the server; the data folder it created is removed unless `keepData` (for a restart). */
  stop: (options?: { keepData?: boolean }) => Promise<void>;
};

/**
 * Starts the real server (`server/main.ts`) as a child process on a free port. Without DATABASE_URL
 * in `env` it uses a fresh embedded data folder, seeded with the demo.
 */
export async function startServerProcess(env: Record<string, string> = {}, existing?: { port: number; dataDir: string }): Promise<ServerProcess> {
  const port = existing?.port ?? (await freePort());
  const dataDir = existing?.dataDir ?? mkdtempSync(join(tmpdir(), 'rf-e2e-'));
  const url = `http://127.0.0.1:${port}`;
  const childEnv: Record<string, string | undefined> = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    APP_URL: url,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'development',
    ...env,
  };
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 90_000);
    const check = setInterval(async () => {
      try {
        const res = await fetch(`${url}/readyz`);
        if (res.ok) {
          clearInterval(check);
          clearTimeout(timer);
          resolve();
        }
      } catch {
        /* not listening yet */
      }
    }, 100);
    child.once('exit', (code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    port,
    dataDir,
    child,
    output: () => out,
    stop: async ({ keepData = false } = {}) => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      // A restarted server on the same folder (`existing`) owns it from then on.
      if (!keepData && !env.DATABASE_URL) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
