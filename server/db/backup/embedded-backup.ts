import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { knownMigrations, migrate } from '../migrate';
import { DataDirLockedError, lockDataDir } from '../open';
import { openPglite } from '../pglite';
import { createBackup, decodeBackup, NotABackupError, unpackBackup } from './archive';
import { embeddedFolder } from './data-folder';
import { ControlUnavailableError, requestBackup } from './control-socket';

/** A backup or restore that cannot go ahead; the message is for the person at the terminal. */
export class BackupError extends Error {}

/** The database's own folder inside DATA_DIR (next to the lock file and the control socket). */
const DB_FOLDER = basename(embeddedFolder(''));

const errMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Writes the embedded database of `dataDir` to `file`. While a server holds the folder it makes the
 * copy itself (asked over its control socket), so the copy is consistent while it keeps serving;
 * otherwise this process locks the folder, so no server can start meanwhile, and copies it.
 */
export async function backupEmbedded(dataDir: string, file: string): Promise<string> {
  const dir = resolve(dataDir);
  if (!existsSync(join(dir, DB_FOLDER, 'PG_VERSION')))
    throw new BackupError(`There is no embedded database in ${dir} (DATA_DIR) to back up.`);
  let bytes: Buffer;
  let source: string;
  let unlock: (() => void) | undefined;
  try {
    unlock = lockDataDir(dir);
  } catch (err) {
    if (!(err instanceof DataDirLockedError)) throw err;
  }
  if (unlock) {
    source = 'the data folder';
    try {
      const db = await openPglite(embeddedFolder(dir));
      try {
        bytes = await createBackup(db, embeddedFolder(dir));
      } finally {
        await db.close();
      }
    } finally {
      unlock();
    }
  } else {
    source = 'the running server';
    try {
      bytes = await requestBackup(dir);
    } catch (err) {
      const why = err instanceof ControlUnavailableError ? err.message : errMessage(err);
      throw new BackupError(`No backup was written: ${why}.`);
    }
  }
  // Checked before it takes the file's name: a copy damaged on the way never looks like a backup.
  let manifest;
  try {
    manifest = decodeBackup(bytes).manifest;
  } catch (err) {
    throw new BackupError(`No backup was written: the copy came out unreadable (${errMessage(err)}).`);
  }
  const target = resolve(file);
  writeAtomically(target, bytes);
  const mb = (bytes.length / 1024 / 1024).toFixed(1);
  return `Backup written to ${target} (${mb} MB, ${manifest.migrations.length} migrations) from ${source}.`;
}

/** Temp file in the same folder, flushed, then renamed over the target: never a half-written backup. */
function writeAtomically(target: string, bytes: Buffer) {
  const tmp = join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    const fd = openSync(tmp, 'wx', 0o600); // it holds password hashes and tokens' hashes
    try {
      for (let off = 0; off < bytes.length;) off += writeSync(fd, bytes, off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new BackupError(`Could not write ${target}: ${errMessage(err)}`);
  }
  try {
    const dirFd = openSync(dirname(target), 'r');
    fsyncSync(dirFd); // makes the rename itself survive a power cut
    closeSync(dirFd);
  } catch {
    /* not every file system can sync a folder; the file is written either way */
  }
}

/**
 * Replaces the embedded database in `dataDir` with the backup in `file`. Refused, with nothing
 * changed, for a file that is not a readable backup, while any process holds the folder, or when the
 * copy does not open and migrate. The copy is unpacked and migrated beside the live folder first;
 * only then does it take the live folder's place, and the previous folder is kept under a new name.
 */
export async function restoreEmbedded(dataDir: string, file: string): Promise<string> {
  const source = resolve(file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(source);
  } catch (err) {
    throw new BackupError(`Cannot read ${source}: ${errMessage(err)}`);
  }
  let decoded: ReturnType<typeof decodeBackup>;
  try {
    decoded = decodeBackup(bytes);
  } catch (err) {
    if (!(err instanceof NotABackupError)) throw err;
    throw new BackupError(`${source} is not a ResolutionFlow backup: ${err.message}. Nothing was changed.`);
  }
  const { manifest, payload } = decoded;
  const known = new Set(knownMigrations());
  const unknown = manifest.migrations.filter((m) => !known.has(m));
  if (unknown.length)
    throw new BackupError(
      `${source} was made by a newer version of ResolutionFlow (migrations unknown here: ${unknown.join(', ')}). ` +
        `Upgrade first, then restore. Nothing was changed.`,
    );

  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  let unlock: () => void;
  try {
    unlock = lockDataDir(dir);
  } catch (err) {
    if (!(err instanceof DataDirLockedError)) throw err;
    throw new BackupError(`Restore refused, nothing was changed: ${err.message}`);
  }
  try {
    // A restore killed half-way left its unpacked copy behind; we hold the lock, so it is nobody's.
    for (const name of readdirSync(dir))
      if (name.startsWith(`${DB_FOLDER}.restoring-`))
        rmSync(join(dir, name), { recursive: true, force: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const staging = join(dir, `${DB_FOLDER}.restoring-${stamp}`);
    try {
      await unpackBackup(payload, staging);
      await openAndMigrate(staging, manifest.migrations);
    } catch (err) {
      rmSync(staging, { recursive: true, force: true });
      throw new BackupError(
        `The backup in ${source} could not be opened: ${errMessage(err)}. Nothing was changed.`,
      );
    }
    const live = embeddedFolder(dir);
    const aside = existsSync(live) ? join(dir, `${DB_FOLDER}.before-restore-${stamp}`) : undefined;
    if (aside) renameSync(live, aside);
    try {
      renameSync(staging, live);
    } catch (err) {
      if (aside) renameSync(aside, live);
      throw err;
    }
    return (
      `Restored the backup of ${manifest.created_at} into ${dir}.` +
      (aside
        ? `\nThe previous database is kept in ${aside}; delete it once the restored data is confirmed.`
        : '')
    );
  } finally {
    unlock();
  }
}

/** Opens the unpacked copy, checks it is the database the manifest describes, migrates it. */
async function openAndMigrate(folder: string, expected: string[]) {
  const db = await openPglite(folder);
  try {
    const found = (
      await db.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version')
    ).rows
      .map((r) => r.version)
      .sort();
    if (found.join() !== [...expected].sort().join())
      throw new Error('its migrations differ from the ones its manifest lists');
    await migrate(db);
  } finally {
    await db.close();
  }
}
