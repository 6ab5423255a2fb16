import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renameEntries, zipBomb, zipOf } from '../../../../tests/helpers/knowledge-files';
import { listArchive, readEntry, TooManyEntries } from './archive';
import { expandArchive } from './expand-archive';
import { IMPORT_LIMITS, REASONS } from './limits';

const MB = 1024 * 1024;

describe('reading archives with limits', () => {
  it('lists entries with a verdict: clutter skipped, unsafe names and symbolic links refused', async () => {
    const zip = renameEntries(
      await zipOf([
        { name: 'kb/vpn.md', data: '# VPN\ntext' },
        { name: '__MACOSX/kb/._vpn.md', data: 'fork' },
        { name: 'kb/.DS_Store', data: 'junk' },
        { name: 'zz/evil.md', data: 'up' },
        { name: 'zabs.md', data: 'abs' },
        { name: 'Czzx.md', data: 'drive' },
        { name: 'kbzwin.md', data: 'backslash' },
        { name: 'link.md', data: '/etc/passwd', mode: 0o120777 },
      ]),
      { 'zz/evil.md': '../evil.md', 'zabs.md': '/abs.md', 'Czzx.md': 'C:\\x.md', 'kbzwin.md': 'kb\\win.md' },
    );
    const listing = await listArchive(zip, 100);
    expect(listing.entries.map((e) => [e.name, e.verdict])).toEqual([
      ['kb/vpn.md', 'read'],
      ['__MACOSX/kb/._vpn.md', 'skip'],
      ['kb/.DS_Store', 'skip'],
      ['../evil.md', 'unsafe'],
      ['/abs.md', 'unsafe'],
      ['C:\\x.md', 'unsafe'],
      ['kb\\win.md', 'unsafe'],
      ['link.md', 'symlink'],
    ]);
    const budget = { left: IMPORT_LIMITS.expandedBytes };
    const expanded = await expandArchive('kb.zip', zip, listing, budget);
    expect(expanded).toEqual({
      outcomes: [
        { file: 'kb.zip/kb/vpn.md', converted: { kind: 'article', title: 'VPN', body: 'text', tags: [] } },
        { file: 'kb.zip/../evil.md', converted: { kind: 'failure', reason: REASONS.unsafePath } },
        { file: 'kb.zip//abs.md', converted: { kind: 'failure', reason: REASONS.unsafePath } },
        { file: 'kb.zip/C:\\x.md', converted: { kind: 'failure', reason: REASONS.unsafePath } },
        { file: 'kb.zip/kb\\win.md', converted: { kind: 'failure', reason: REASONS.unsafePath } },
        { file: 'kb.zip/link.md', converted: { kind: 'failure', reason: REASONS.symlink } },
      ],
    });
  });

  it('stops a zip bomb early, whatever its headers say, and fails the archive whole', async () => {
    const bomb = zipBomb(300, [{ name: 'innocent.md', data: '# Innocent\nnothing to see' }]);
    const listing = await listArchive(bomb, 100);
    const zeros = listing.entries[1]!;
    const before = process.memoryUsage().rss;
    expect(await readEntry(bomb, zeros, IMPORT_LIMITS.expandedBytes)).toEqual({ ok: false, over: 'ratio' });
    // Stopped at the ratio bound, a few megabytes in, not after 300 MB.
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * MB);
    const budget = { left: IMPORT_LIMITS.expandedBytes };
    expect(await expandArchive('bomb.zip', bomb, listing, budget)).toEqual({ failure: REASONS.bomb });
  });

  it('refuses an entry over the file limit, and an archive over the upload’s expanded total', async () => {
    // Hex text compresses about 2:1: over 10 MB it is too large, not a bomb.
    const big = randomBytes(IMPORT_LIMITS.fileBytes / 2 + 1).toString('hex');
    const zip = await zipOf([
      { name: 'big.txt', data: big },
      { name: 'ok.md', data: 'fine' },
    ]);
    const listing = await listArchive(zip, 10);
    expect(await readEntry(zip, listing.entries[0]!, IMPORT_LIMITS.expandedBytes)).toEqual({
      ok: false,
      over: 'size',
    });
    const r = await expandArchive('big.zip', zip, listing, { left: IMPORT_LIMITS.expandedBytes });
    expect(r).toMatchObject({
      outcomes: [{ converted: { reason: REASONS.tooLarge } }, { converted: { kind: 'article' } }],
    });
    expect(await expandArchive('big.zip', zip, listing, { left: 1000 })).toEqual({ failure: REASONS.bomb });
  });

  it('refuses archives that declare too many entries before listing them', async () => {
    const zip = await zipOf(Array.from({ length: 30 }, (_, i) => ({ name: `n${i}.md`, data: `# ${i}` })));
    await expect(listArchive(zip, 29)).rejects.toBeInstanceOf(TooManyEntries);
    await expect(listArchive(Buffer.from('not a zip at all'), 10)).rejects.toThrow();
  });
});
