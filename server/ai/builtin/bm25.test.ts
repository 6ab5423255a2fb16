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
