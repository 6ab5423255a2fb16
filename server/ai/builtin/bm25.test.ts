import { describe, expect, it } from 'vitest';
import { Bm25Index } from './bm25';
import { tokenize } from './text';

const index = Bm25Index.build([
  { id: 'a', fields: [{ text: 'Outlook cannot reach the internet', weight: 1 }] },
  { id: 'b', fields: [{ text: 'virtualization host exception after update', weight: 1 }] },
]);
const corrected = (word: string) => index.correctTerm(tokenize(word)[0]!);

describe('typo correction', () => {
  it('corrects a slip of the finger: a letter left out, doubled or swapped, or the British s for z', () => {
    expect(corrected('outlok')).toBe(tokenize('outlook')[0]);
    expect(corrected('outllook')).toBe(tokenize('outlook')[0]);
    expect(corrected('excpetion')).toBe(tokenize('exception')[0]);
    expect(corrected('virtualisation')).toBe(tokenize('virtualization')[0]);
  });

  it('leaves a real word alone that differs from an indexed one by another letter or its first', () => {
    expect(corrected('interest')).toBe(tokenize('interest')[0]);
    expect(corrected('reception')).toBe(tokenize('reception')[0]);
  });

  it('leaves alone a word longer than any indexed one could be a slip of, and answers the same twice', () => {
    const long = tokenize('outlookoutlookoutlook')[0]!;
    expect(index.correctTerm(long)).toBe(long);
    // The second time from the corrections it remembers.
    for (let i = 0; i < 2; i++) expect(corrected('outlok')).toBe(tokenize('outlook')[0]);
  });
});

describe('search', () => {
  const library = Bm25Index.build([
    { id: 'mail', fields: [{ text: 'Outlook prompts for a password', weight: 1 }] },
    { id: 'vpn', fields: [{ text: 'VPN drops every hour', weight: 1 }] },
    { id: 'same-as-mail', fields: [{ text: 'Outlook prompts for a password', weight: 1 }] },
    { id: 'print', fields: [{ text: 'printer offline', weight: 1 }] },
  ]);
  const query = (text: string) => Bm25Index.queryTerms(text);

  it('returns every document sharing a word, best first, ties in index order, each scored as scoreExternal scores it', () => {
    const hits = library.search(query('outlook password vpn'));
    expect(hits.map((h) => h.id)).toEqual(['mail', 'same-as-mail', 'vpn']);
    const alone = library.scoreExternal(query('outlook password vpn'), {
      id: 'x',
      fields: [{ text: 'Outlook prompts for a password', weight: 1 }],
    });
    expect(hits[0]!.score).toBeCloseTo(alone.score, 12);
    expect(hits[0]!.matchedWeight).toBeCloseTo(alone.matchedWeight, 12);
  });

  it('starts every search from nothing: a second query does not carry the first one’s sums', () => {
    const first = library.search(query('printer offline'));
    library.search(query('outlook password'));
    expect(library.search(query('printer offline'))).toEqual(first);
    expect(library.search(query('printer')).map((h) => h.id)).toEqual(['print']);
  });

  it('with a cut, leaves out what scores under the least sure score of the best competing, unless kept', () => {
    const words = query('outlook password vpn printer');
    const all = library.search(words);
    const doc = (id: string) => all.find((h) => h.id === id)!.doc;
    // The best counted documents (two tie) are sure to keep their scores; 'print' is kept whatever it scores.
    const cut = {
      competes: (d: number) => d !== doc('print'),
      alwaysKeeps: (d: number) => d === doc('print'),
      best: 1,
      sureScore: (_: number, score: number) => score,
      maxLift: 1,
    };
    expect(library.search(words, cut).map((h) => h.id)).toEqual(['print', 'mail', 'same-as-mail']);
    expect(all.map((h) => h.id)).toContain('vpn');
    // Fewer competing documents than `best`: nothing is cut.
    expect(library.search(words, { ...cut, best: 10 })).toEqual(all);
  });

  it('tells which of the query’s words a document contains', () => {
    const [vpn] = library.search(query('vpn'));
    const [mail] = library.search(query('outlook'));
    expect(library.matchedTerms(query('vpn outlook hour'), vpn!.doc)).toEqual(tokenize('vpn hour'));
    expect(library.matchedTerms(query('printer'), mail!.doc)).toEqual([]);
  });
});

describe('tokens', () => {
  it('a percentage is an amount, not a name: "100% logged on" does not search for "100" (as in "Sage 100")', () => {
    expect(tokenize('he is 100% logged on, cpu at 95.5 % and 12 users')).not.toContain('100');
    expect(tokenize('cpu at 95.5 %')).not.toContain('95.5');
    expect(tokenize('sage 100 update fails')).toContain('100');
  });
});
