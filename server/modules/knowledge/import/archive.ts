import { createInflateRaw } from 'node:zlib';
import yauzl from 'yauzl';
import { IMPORT_LIMITS, REASONS } from './limits';

/**
 * Reading .zip archives held in memory, trusting nothing they say about themselves. The central
 * directory is listed once (cheap: nothing is inflated); entries are then read one at a time with
 * their expanded bytes counted as they come, so a zip bomb is stopped after a bounded amount of
 * work whatever sizes its headers declare. Nothing is written to disk or executed.
 */

export type ArchiveEntry = {
  /** The name as stored, decoded (UTF-8 flag or CP437); never used as a path on disk. */
  name: string;
  /** What to do with it: read it, or why not (`skip` entries are not counted as files at all). */
  verdict: 'read' | 'skip' | 'unsafe' | 'symlink';
  method: number;
  encrypted: boolean;
  compressedSize: number;
  localHeaderOffset: number;
};

export type ArchiveListing = { entries: ArchiveEntry[]; rawEntries: number };

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const UNIX_HOST = 3;

/** Directories, macOS resource forks and dotfiles (`.DS_Store`, `.git/…`) are clutter, not knowledge. */
const isClutter = (name: string) =>
  name.endsWith('/') || name.startsWith('__MACOSX/') || name.split('/').some((part) => part.startsWith('.'));

function verdictOf(name: string, e: yauzl.Entry): ArchiveEntry['verdict'] {
  // Checked before clutter: `../.hidden` is an attack, not a dotfile.
  if (yauzl.validateFileName(name) !== null || name.includes('\0')) return 'unsafe';
  if (isClutter(name)) return 'skip';
  const isSymlink =
    e.versionMadeBy >> 8 === UNIX_HOST && ((e.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK;
  return isSymlink ? 'symlink' : 'read';
}

/**
 * The entries of an archive, from its central directory. Rejects (with the reason) when the bytes
 * are no readable zip, or when it declares more than `maxRawEntries` entries.
 */
export async function listArchive(bytes: Buffer, maxRawEntries: number): Promise<ArchiveListing> {
  // decodeStrings off: yauzl would reject the whole archive over one unsafe name; we refuse that entry only.
  const zip = await yauzl.fromBufferPromise(bytes, {
    lazyEntries: true,
    decodeStrings: false,
    validateEntrySizes: false,
  });
  try {
    if (zip.entryCount > maxRawEntries) throw new TooManyEntries(zip.entryCount);
    const entries: ArchiveEntry[] = [];
    for await (const e of zip.eachEntry()) {
      // Strict names: a backslash stays a backslash, and makes the name unsafe.
      const name = yauzl.getFileNameLowLevel(e.generalPurposeBitFlag, e.fileNameRaw, e.extraFields, true);
      entries.push({
        name,
        verdict: verdictOf(name, e),
        method: e.compressionMethod,
        encrypted: e.isEncrypted(),
        compressedSize: e.compressedSize,
        localHeaderOffset: e.relativeOffsetOfLocalHeader,
      });
    }
    return { entries, rawEntries: zip.entryCount };
  } finally {
    zip.close();
  }
}

export class TooManyEntries extends Error {
  constructor(readonly count: number) {
    super(`the archive declares ${count} entries`);
  }
}

export type EntryRead =
  | { ok: true; bytes: Buffer }
  /** `ratio`: compresses better than the limit allows; `budget`: the upload's expanded total is spent. */
  | { ok: false; over: 'ratio' | 'budget' | 'size' }
  | { ok: false; error: string };

/** The entry's compressed bytes, located through its local header (bounds checked against the buffer). */
function compressedBytes(zip: Buffer, e: ArchiveEntry): Buffer | null {
  const at = e.localHeaderOffset;
  if (at + 30 > zip.length || zip.readUInt32LE(at) !== 0x04034b50) return null;
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const end = start + e.compressedSize;
  return end <= zip.length ? zip.subarray(start, end) : null;
}

/**
 * Reads one entry, stopping as soon as its expanded bytes pass a bound: the file limit, the bytes
 * left in the upload's budget (`budget`), or the compression ratio measured against the compressed
 * bytes inflated so far (after a grace amount, see limits.ts).
 */
export async function readEntry(zip: Buffer, e: ArchiveEntry, budget: number): Promise<EntryRead> {
  const raw = compressedBytes(zip, e);
  if (!raw) return { ok: false, error: REASONS.damaged };
  if (e.method === 0) {
    if (raw.length > budget) return { ok: false, over: 'budget' };
    if (raw.length > IMPORT_LIMITS.fileBytes) return { ok: false, over: 'size' };
    return { ok: true, bytes: raw };
  }
  if (e.method !== 8) return { ok: false, error: REASONS.method };
  return new Promise((resolve) => {
    const inflate = createInflateRaw();
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (r: EntryRead) => {
      if (settled) return;
      settled = true;
      inflate.destroy();
      resolve(r);
    };
    inflate.on('data', (chunk: Buffer) => {
      size += chunk.length;
      const consumed = Math.max(inflate.bytesWritten, 1);
      if (size > IMPORT_LIMITS.ratioGraceBytes && size > consumed * IMPORT_LIMITS.compressionRatio)
        return settle({ ok: false, over: 'ratio' });
      if (size > budget) return settle({ ok: false, over: 'budget' });
      if (size > IMPORT_LIMITS.fileBytes) return settle({ ok: false, over: 'size' });
      chunks.push(chunk);
    });
    inflate.on('end', () => settle({ ok: true, bytes: Buffer.concat(chunks, size) }));
    inflate.on('error', () => settle({ ok: false, error: REASONS.damaged }));
    inflate.end(raw);
  });
}
