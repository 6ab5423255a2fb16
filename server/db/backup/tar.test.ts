import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readTar, writeTarGz, type TarEntry } from './tar';

const mtime = new Date('2026-01-02T03:04:05Z');

describe('backup tar', () => {
  it('reads back what it wrote: folders, files, modes, times and a path longer than 100 bytes', async () => {
    const long = `base/${'nested-folder/'.repeat(9)}file`;
    const entries: TarEntry[] = [
      { path: 'base', type: 'dir', mode: 0o700, mtime },
      { path: 'PG_VERSION', type: 'file', mode: 0o600, mtime, data: Buffer.from('18\n') },
      { path: 'empty', type: 'file', mode: 0o600, mtime, data: Buffer.alloc(0) },
      { path: long, type: 'file', mode: 0o640, mtime, data: Buffer.alloc(1500, 7) },
    ];
    const back = readTar(gunzipSync(await writeTarGz(entries)));
    expect(back.map(({ path, type, mode, mtime: t }) => ({ path, type, mode, t: t.getTime() }))).toEqual(
      entries.map(({ path, type, mode }) => ({ path, type, mode, t: mtime.getTime() })),
    );
    expect(back[1]!.data!.toString()).toBe('18\n');
    expect(back[2]!.data!.length).toBe(0);
    expect(back[3]!.data!.equals(Buffer.alloc(1500, 7))).toBe(true);
  });

  it('refuses entries that would land outside the folder, damaged headers and a cut archive', async () => {
    for (const path of ['../escape', 'base/../../escape', '/etc/passwd']) {
      const tar = gunzipSync(
        await writeTarGz([{ path, type: 'file', mode: 0o600, mtime, data: Buffer.from('x') }]),
      );
      expect(() => readTar(tar), path).toThrow(/outside its folder/);
    }
    const good = gunzipSync(
      await writeTarGz([{ path: 'a', type: 'file', mode: 0o600, mtime, data: Buffer.alloc(2000, 1) }]),
    );
    const damaged = Buffer.from(good);
    damaged[0] = 'b'.charCodeAt(0);
    expect(() => readTar(damaged)).toThrow(/damaged archive header/);
    expect(() => readTar(good.subarray(0, 1024))).toThrow(/cut short/);
  });
});
