import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../../lib/logger';

/**
 * How `npm run cli -- backup` reaches the server that holds the embedded database (PGlite is open in
 * one process only). A Unix socket, not an HTTP route: no network client can reach it, and it sits in
 * `DATA_DIR/control/`, a folder only the owner of the data may enter (0700), so only someone who could
 * read the data folder anyway can ask for a copy of it.
 *
 * The exchange: the client sends `backup\n`; the server answers `OK <length>\n` and the backup file's
 * bytes, or `ERR <reason>\n`. The CLI writes the file itself, so the server never writes to a path
 * it is handed.
 */
const CONTROL_DIR = 'control';
const SOCKET_NAME = 'backup.sock';
/** When DATA_DIR is too deep for a socket path, this file in CONTROL_DIR names where it is instead. */
const POINTER_NAME = 'socket-path';
// A socket path has at most 108 bytes on Linux and 104 on macOS, terminator included.
const MAX_SOCKET_PATH = 100;
const REQUEST = 'backup';
const REQUEST_TIMEOUT_MS = 5_000;

export class ControlUnavailableError extends Error {}

function controlDir(dataDir: string) {
  return join(dataDir, CONTROL_DIR);
}

/** Where a client finds the socket: the pointer file when there is one, else the usual place. */
function socketPathFor(dataDir: string): string {
  const pointer = join(controlDir(dataDir), POINTER_NAME);
  return existsSync(pointer) ? readFileSync(pointer, 'utf8').trim() : join(controlDir(dataDir), SOCKET_NAME);
}

export type BackupControl = { socketPath: string; close: () => Promise<void> };

/**
 * Listens for backup requests on the data folder's control socket. The caller holds the data folder
 * lock, so a socket or pointer left by a killed process is ours to remove. Backups run one at a time.
 */
export async function serveBackups(
  dataDir: string,
  makeBackup: () => Promise<Buffer>,
  logger: Logger,
): Promise<BackupControl> {
  const dir = controlDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700); // an older folder may have been created with looser rights
  const pointer = join(dir, POINTER_NAME);
  rmSync(pointer, { force: true });
  let socketPath = join(dir, SOCKET_NAME);
  let privateDir: string | undefined;
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH) {
    privateDir = mkdtempSync(join(tmpdir(), 'rf-control-')); // created 0700
    socketPath = join(privateDir, SOCKET_NAME);
    writeFileSync(pointer, socketPath, { mode: 0o600 });
  }
  rmSync(socketPath, { force: true });

  let queue: Promise<unknown> = Promise.resolve();
  const inFlight = new Set<Promise<unknown>>();
  const answer = (socket: Socket) => {
    const work = (queue = queue.then(async () => {
      try {
        const started = Date.now();
        const bytes = await makeBackup();
        socket.write(`OK ${bytes.length}\n`);
        socket.end(bytes);
        logger.info('backup sent over the control socket', { bytes: bytes.length, ms: Date.now() - started });
      } catch (err) {
        logger.error('backup failed', { err: err instanceof Error ? err.message : String(err) });
        socket.end(`ERR ${err instanceof Error ? err.message : String(err)}\n`);
      }
    }));
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  const server = createServer((socket) => {
    socket.on('error', () => {}); // a client that went away: nothing to tell anyone
    socket.setTimeout(REQUEST_TIMEOUT_MS, () => socket.destroy());
    let line = '';
    const onData = (chunk: Buffer) => {
      line += chunk.toString('utf8');
      const nl = line.indexOf('\n');
      if (nl < 0 && line.length <= REQUEST.length) return;
      socket.off('data', onData);
      socket.setTimeout(0);
      if (line.slice(0, nl) === REQUEST) answer(socket);
      else socket.end('ERR unknown request\n');
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  chmodSync(socketPath, 0o600);

  return {
    socketPath,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...inFlight]);
      rmSync(socketPath, { force: true });
      rmSync(pointer, { force: true });
      if (privateDir) rmSync(privateDir, { recursive: true, force: true });
    },
  };
}

/**
 * Asks the server that holds `dataDir` for a backup and returns the file's bytes. A server still
 * starting has not opened its socket yet: connecting is retried for `waitMs`.
 */
export async function requestBackup(dataDir: string, waitMs = 15_000): Promise<Buffer> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await requestOnce(socketPathFor(dataDir));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const notListening = code === 'ENOENT' || code === 'ECONNREFUSED';
      if (!notListening) throw err;
      if (Date.now() >= deadline)
        throw new ControlUnavailableError(
          'the process holding the data folder does not answer backup requests ' +
            '(a server still starting, or another command such as a restore)',
        );
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

function requestOnce(socketPath: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = createConnection(socketPath, () => socket.write(`${REQUEST}\n`));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.once('error', reject);
    socket.once('end', () => {
      const all = Buffer.concat(chunks);
      const nl = all.indexOf(0x0a);
      const head = nl < 0 ? all.toString('utf8') : all.subarray(0, nl).toString('utf8');
      if (head.startsWith('ERR '))
        return reject(new Error(`the server could not make the backup: ${head.slice(4)}`));
      const length = /^OK (\d+)$/.exec(head)?.[1];
      const body = all.subarray(nl + 1);
      if (!length || body.length !== Number(length))
        return reject(new Error('the server closed the connection before the whole backup was sent'));
      resolve(body);
    });
  });
}
