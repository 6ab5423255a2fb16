import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededDemoCopy } from './seeded-demo-folder';
import { SERVER_ARGS } from './server-build';

/**
 * A port for a process that binds it later (a server child, PostgreSQL, PgBouncer). Taken below the
 * kernel's ephemeral range (32768–60999 on Linux): a port handed out by `listen(0)` and closed again
 * is soon handed to the next `listen(0)` of a parallel test file — a fake receiver took a server's port
 * that way and then answered its /readyz polls. Ports below the range are never handed out by the
 * kernel, so only another test's freePort can pick the same one, and the bind check rules out one
 * still in use.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = FIRST_PORT + Math.floor(Math.random() * PORT_SPAN);
    if (await canBind(port)) return port;
  }
}

const FIRST_PORT = 20_000;
const PORT_SPAN = 12_000;

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/**
 * A demo-seeded embedded data folder, made once per browser run (seeded-demo.setup.ts). Fresh
 * servers start on a copy of it when the project sets USE_SEEDED_DEMO=1.
 */
export const SEEDED_DEMO_DIR = join(process.cwd(), '.tmp/seeded-demo');

/** A new data folder: a copy of the seeded demo when the run provides one, otherwise empty. */
function freshDataDir(env: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rf-e2e-'));
  const seededDemoWanted = process.env.USE_SEEDED_DEMO === '1' && !env.DATABASE_URL && !env.SEED_DEMO;
  if (seededDemoWanted && existsSync(SEEDED_DEMO_DIR)) cpSync(SEEDED_DEMO_DIR, dir, { recursive: true });
  return dir;
}

export type ServerProcess = {
  url: string;
  port: number;
  dataDir: string;
  child: ChildProcess;
  /** Resolves when the process has exited, with its exit code or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output: () => string;
  /** Stops the server; the data folder it created is removed unless `keepData` (for a restart). */
  stop: (options?: { keepData?: boolean }) => Promise<void>;
};

/**
 * Starts the real server (`server/main.ts`) as a child process on a free port. Without DATABASE_URL
 * in `env` it uses a fresh embedded data folder, seeded with the demo. It must answer /readyz within
 * `readyTimeoutMs` (a first start that seeds the demo takes far longer on a busy machine).
 */
export async function startServerProcess(
  env: Record<string, string> = {},
  existing?: { port: number; dataDir: string },
  newDataDir?: string,
  readyTimeoutMs = 90_000,
): Promise<ServerProcess> {
  const port = existing?.port ?? (await freePort());
  if (newDataDir) mkdirSync(newDataDir, { recursive: true });
  // An embedded server seeded with the demo starts on a copy of the run's seeded folder when there is one.
  const demoCopy =
    existing || newDataDir || env.DATABASE_URL || env.SEED_DEMO ? undefined : await seededDemoCopy();
  const dataDir = existing?.dataDir ?? newDataDir ?? demoCopy ?? freshDataDir(env);
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
  const child = spawn(process.execPath, SERVER_ARGS, {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      clearInterval(check);
      child.kill('SIGKILL'); // nobody gets a handle to stop it: do not leave it running
      reject(new Error(`server did not answer /readyz within ${readyTimeoutMs} ms:\n${out}`));
    }, readyTimeoutMs);
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
    exited,
    output: () => out,
    stop: async ({ keepData = false } = {}) => {
      // A process ended by a signal (a test's SIGKILL) keeps exitCode null: it is gone all the same.
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      // A restarted server on the same folder (`existing`) owns it from then on. On PostgreSQL the
      // folder stays empty, and goes too.
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
