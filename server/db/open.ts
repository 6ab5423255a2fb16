import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config';
import { openPostgres } from './postgres';
import type { Database } from './types';

export class DataDirLockedError extends Error {}

const LOCK_FILE = 'resolutionflow.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite has no cross-process locking: two processes on one folder would corrupt it. We hold a lock
 * file with our PID; a stale lock (its process is gone) is taken over.
 */
export function lockDataDir(dir: string): () => void {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
      if (Number.isFinite(pid) && pid !== process.pid && isAlive(pid)) {
        throw new DataDirLockedError(
          `The data folder ${resolve(dir)} is in use by another ResolutionFlow process (PID ${pid}). ` +
            `Stop that process or set DATA_DIR to another folder.`,
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new DataDirLockedError(`Could not lock the data folder ${resolve(dir)}.`);
}

export type OpenedDatabase = { db: Database; close: () => Promise<void> };

/** PostgreSQL when DATABASE_URL is set, otherwise the embedded database in DATA_DIR. */
export async function openDatabase(config: Config): Promise<OpenedDatabase> {
  if (config.databaseUrl) {
    const db = await openPostgres(
      config.databaseUrl,
      config.databasePoolSize,
      config.databaseListenUrl ?? config.databaseUrl,
    );
    return { db, close: () => db.close() };
  }
  const dir = resolve(config.dataDir);
  mkdirSync(dir, { recursive: true });
  const unlock = lockDataDir(dir);
  try {
    // Imported only here: a server on PostgreSQL never loads the embedded engine.
    const { openPglite } = await import('./pglite');
    const db = await openPglite(join(dir, 'pglite'));
    return {
      db,
      close: async () => {
        await db.close();
        unlock();
      },
    };
  } catch (err) {
    unlock();
    throw err;
  }
}
