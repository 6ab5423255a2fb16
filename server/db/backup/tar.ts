import { once } from 'node:events';
import { posix } from 'node:path';
import { createGzip } from 'node:zlib';

/**
 * The few lines of POSIX ustar a backup needs: regular files and folders, written and read back.
 * The payload is a standard `.tar.gz`, so `tar tzf` can list what a backup holds.
 */
export type TarEntry = { path: string; type: 'file' | 'dir'; mode: number; mtime: Date; data?: Buffer };

const BLOCK = 512;

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

/** Splits a path into ustar's prefix (155 bytes) and name (100 bytes) fields. */
function splitName(path: string): [string, string] {
  if (Buffer.byteLength(path) <= 100) return ['', path];
  for (let i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return [prefix, name];
  }
  throw new Error(`path too long for the archive: ${path}`);
}

function header(entry: TarEntry, size: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  const [prefix, name] = splitName(entry.type === 'dir' ? `${entry.path}/` : entry.path);
  h.write(name, 0, 100);
  h.write(octal(entry.mode & 0o7777, 8), 100);
  h.write(octal(0, 8), 108); // uid
  h.write(octal(0, 8), 116); // gid
  h.write(octal(size, 12), 124);
  h.write(octal(Math.floor(entry.mtime.getTime() / 1000), 12), 136);
  h.write(entry.type === 'dir' ? '5' : '0', 156);
  h.write('ustar\0' + '00', 257);
  h.write(prefix, 345, 155);
  h.fill(' ', 148, 156); // the checksum is computed with its own field as spaces
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(octal(sum, 7) + ' ', 148);
  return h;
}

function* tarBlocks(entries: TarEntry[]): Generator<Buffer> {
  for (const entry of entries) {
    const data = entry.type === 'file' ? (entry.data ?? Buffer.alloc(0)) : Buffer.alloc(0);
    yield header(entry, data.length);
    if (data.length) yield data;
    const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
    if (pad) yield Buffer.alloc(pad);
  }
  yield Buffer.alloc(BLOCK * 2);
}

/**
 * The entries as a gzipped tar. Streamed through zlib piece by piece: building the whole tar first
 * stalled the server for seconds (one large synchronous copy); zlib works on the thread pool.
 */
export async function writeTarGz(entries: TarEntry[]): Promise<Buffer> {
  const gz = createGzip();
  const out: Buffer[] = [];
  gz.on('data', (c: Buffer) => out.push(c));
  const finished = new Promise<void>((resolve, reject) => {
    gz.once('end', resolve);
    gz.once('error', reject);
  });
  for (const block of tarBlocks(entries)) if (!gz.write(block)) await once(gz, 'drain');
  gz.end();
  await finished;
  return Buffer.concat(out);
}

const text = (b: Buffer, start: number, len: number) => {
  const field = b.subarray(start, start + len);
  const nul = field.indexOf(0);
  return field.subarray(0, nul < 0 ? len : nul).toString('utf8');
};
const num = (b: Buffer, start: number, len: number) => Number.parseInt(text(b, start, len).trim() || '0', 8);

/**
 * Reads an archive made by `writeTar`. Paths are checked to stay inside the folder they are
 * unpacked into: no absolute path, no `..`.
 */
export function readTar(tar: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let off = 0;
  while (off + BLOCK <= tar.length) {
    const h = tar.subarray(off, off + BLOCK);
    if (h.every((b) => b === 0)) return entries;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
    if (sum !== num(h, 148, 8)) throw new Error(`damaged archive header at byte ${off}`);
    const prefix = text(h, 345, 155);
    const raw = (prefix ? `${prefix}/` : '') + text(h, 0, 100);
    const path = posix.normalize(raw).replace(/\/$/, '');
    if (!path || path === '.' || posix.isAbsolute(path) || path.split('/').includes('..'))
      throw new Error(`archive entry outside its folder: ${raw}`);
    const size = num(h, 124, 12);
    const flag = text(h, 156, 1);
    const start = off + BLOCK;
    if (start + size > tar.length) throw new Error('archive cut short');
    const common = { path, mode: num(h, 100, 8), mtime: new Date(num(h, 136, 12) * 1000) };
    if (flag === '5') entries.push({ ...common, type: 'dir' });
    else if (flag === '0' || flag === '')
      entries.push({ ...common, type: 'file', data: tar.subarray(start, start + size) });
    else throw new Error(`unsupported archive entry type "${flag}" for ${path}`);
    off = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  throw new Error('archive cut short');
}
