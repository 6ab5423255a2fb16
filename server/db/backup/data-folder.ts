import { chmod, mkdir, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TarEntry } from './tar';

/** The embedded database's own folder inside DATA_DIR (as server/db/open.ts opens it). */
export const embeddedFolder = (dataDir: string) => join(dataDir, 'pglite');

/**
 * Reads every folder and file under `root`, paths relative to it. Asynchronous on purpose: the
 * server reads its live folder this way (while no statement runs) and keeps answering meanwhile,
 * where PGlite's own dumpDataDir reads synchronously and stalls the process for seconds.
 */
export async function readFolder(root: string, rel = ''): Promise<TarEntry[]> {
  const entries: TarEntry[] = [];
  const names = (await readdir(join(root, rel), { withFileTypes: true })).sort((a, b) =>
    a.name < b.name ? -1 : 1,
  );
  for (const d of names) {
    const path = rel ? `${rel}/${d.name}` : d.name;
    const full = join(root, path);
    const s = await stat(full);
    if (d.isDirectory()) {
      entries.push({ path, type: 'dir', mode: s.mode, mtime: s.mtime });
      entries.push(...(await readFolder(root, path)));
    } else if (d.isFile()) {
      entries.push({ path, type: 'file', mode: s.mode, mtime: s.mtime, data: await readFile(full) });
    } else {
      throw new Error(`unexpected entry in the database folder (not a file or folder): ${full}`);
    }
  }
  return entries;
}

/** Recreates archived entries under `root`, which must not exist yet (it is created 0700). */
export async function writeFolder(root: string, entries: TarEntry[]): Promise<void> {
  await mkdir(root, { mode: 0o700 });
  for (const e of entries) {
    const full = join(root, e.path);
    if (e.type === 'dir') await mkdir(full, { recursive: true, mode: 0o700 });
    else await writeFile(full, e.data ?? Buffer.alloc(0), { flag: 'wx', mode: 0o600 });
  }
  // Rights and times last: a folder's rights could forbid writing into it, and writing changes times.
  for (const e of [...entries].reverse()) {
    const full = join(root, e.path);
    await chmod(full, (e.mode & 0o777) | (e.type === 'dir' ? 0o700 : 0o600));
    await utimes(full, e.mtime, e.mtime);
  }
}
