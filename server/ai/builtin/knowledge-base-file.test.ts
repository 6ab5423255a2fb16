import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadKnowledgeLibrary } from '../../knowledge/load';
import { PRINTER_RUNBOOK_YAML as RUNBOOK } from '../../../tests/helpers/sample-runbook';
import { KnowledgeBase } from './knowledge';
import { decodeKnowledgeBase, encodeKnowledgeBase, readCompiledKnowledgeBase } from './knowledge-base-file';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

/** The same runbooks, items, index and, item by item, the same causes. */
function expectSame(read: KnowledgeBase, built: KnowledgeBase) {
  const { causes: readCauses, ...readRest } = read.snapshot();
  const { causes: builtCauses, ...builtRest } = built.snapshot();
  expect(readRest).toEqual(builtRest);
  for (const { id } of builtRest.items) expect(readCauses(id)).toEqual(builtCauses(id));
  expect(builtRest.items.some(({ id }) => builtCauses(id).length > 0)).toBe(true);
}

describe('the compiled knowledge base (the build indexes once, a start reads one file)', () => {
  /** A knowledge folder with one runbook, and beside it a compiled file of it (as the build writes). */
  function compiledBeside() {
    const root = mkdtempSync(join(tmpdir(), 'rf-knowledge-compiled-'));
    roots.push(root);
    const source = join(root, 'knowledge', 'runbooks', 'printing', 'printer-offline.yaml');
    mkdirSync(dirname(source), { recursive: true });
    writeFileSync(source, RUNBOOK);
    const lib = loadKnowledgeLibrary(join(root, 'knowledge'));
    expect(lib.problems).toEqual([]);
    const kb = KnowledgeBase.fromLibrary(lib);
    const file = join(root, 'knowledge-base.bin');
    writeFileSync(file, encodeKnowledgeBase(kb));
    // Sources a minute old and the build half a minute old, so that any write the test makes now is
    // newer than the build even where the file system's clock is coarse (two writes in one tick).
    const sourcesAt = new Date(Date.now() - 60_000);
    const builtAt = new Date(Date.now() - 30_000);
    for (let p = source; p !== root; p = dirname(p)) utimesSync(p, sourcesAt, sourcesAt);
    utimesSync(file, builtAt, builtAt);
    return { root, source, file, kb, sources: [join(root, 'knowledge')] };
  }

  it('reads the compiled file, equal to building from the YAML, when it is newer than every source', () => {
    const { file, kb, sources } = compiledBeside();
    const read = readCompiledKnowledgeBase(file, sources);
    expect(read?.runbookList().map((r) => r.id)).toEqual(['printer-offline']);
    expectSame(read!, kb);
  });

  it('falls back (undefined) when a source was changed or added after the build, or the file is missing, cut short or broken', () => {
    const stale = compiledBeside();
    writeFileSync(stale.source, RUNBOOK.replace('Printer shows offline', 'Printer is offline'));
    expect(readCompiledKnowledgeBase(stale.file, stale.sources)).toBeUndefined();

    const added = compiledBeside();
    writeFileSync(join(added.root, 'knowledge', 'runbooks', 'printing', 'new.yaml'), RUNBOOK);
    expect(readCompiledKnowledgeBase(added.file, added.sources)).toBeUndefined();

    const missing = compiledBeside();
    expect(readCompiledKnowledgeBase(join(missing.root, 'none.bin'), missing.sources)).toBeUndefined();

    const cut = compiledBeside();
    writeFileSync(cut.file, encodeKnowledgeBase(cut.kb).subarray(0, -8));
    utimesSync(cut.file, new Date(), new Date());
    expect(readCompiledKnowledgeBase(cut.file, cut.sources)).toBeUndefined();

    const broken = compiledBeside();
    writeFileSync(broken.file, '{"runbooks": [');
    expect(readCompiledKnowledgeBase(broken.file, broken.sources)).toBeUndefined();
  });

  it('the shipped library read back from its compiled form ranks every query exactly as the built one', async () => {
    const built = KnowledgeBase.fromLibrary(loadKnowledgeLibrary());
    const read = decodeKnowledgeBase(encodeKnowledgeBase(built));
    expectSame(read, built);
    for (const query of [
      'outlook keeps asking for password after the mailbox moved',
      'printr offline on the second floor, spooler restarted already',
      'Windows Update fails with 0x80070bc9',
      'users get AADSTS50076 when signing in from home',
      'can you book a meeting room for friday',
    ]) {
      const [a, b] = [await built.retrieve(query), await read.retrieve(query)];
      expect(b).toEqual(a);
      expect(a.candidates.length + (a.noMatch ? 1 : 0)).toBeGreaterThan(0);
    }
  }, 60_000);
});
