import { describe, expect, it } from 'vitest';
import type { Runbook } from '../runbooks/types';
import { Bm25Index } from './bm25';
import { RunbookPhrases, TitlePhrases, wordPairs } from './runbook-phrases';
import { tokenize } from './text';

describe('runbook phrases', () => {
  it('pairs words standing close together, whichever way round they were typed', () => {
    const sorted = (text: string) => wordPairs(tokenize(text)).sort();
    expect(sorted('wire transfer request')).toEqual(sorted('request transfer wire'));
    expect(wordPairs(['wire', 'transfer'])).toEqual(['transfer wire']);
    // Words three tokens apart are not a phrase.
    expect(wordPairs(['a1', 'b2', 'c3', 'd4'])).not.toContain('a1 d4');
    expect(wordPairs(['a1', 'b2', 'c3'])).toContain('a1 c3');
  });

  it("weighs the intake's word pairs a runbook's own phrases contain", () => {
    const rb = (id: string, title: string, symptoms: string[]) =>
      ({ id, title, symptoms, keywords: [] }) as unknown as Runbook;
    const phrases = new RunbookPhrases([
      rb('usb-blocked', 'USB storage blocked by policy', ['thumb drive does nothing when plugged in']),
      rb('drive-mapping', 'Mapped drive missing at logon', ['network drive letter gone']),
    ]);
    const intake = wordPairs(tokenize('his thumb drive does nothing on the work laptop'));
    const idf = () => 1;
    expect(phrases.matchedWeight('usb-blocked', intake, idf)).toBeGreaterThan(0);
    expect(phrases.matchedWeight('drive-mapping', intake, idf)).toBe(0);
    expect(phrases.matchedWeight('unknown', intake, idf)).toBe(0);
  });

  it("weighs the intake's word pairs a title contains, each pair by its words' idf, every time alike", () => {
    const titles = ['Shared mailbox missing in Outlook', 'Shared calendar hours grey in Outlook'];
    const index = Bm25Index.build(titles.map((text, i) => ({ id: `t${i}`, fields: [{ text, weight: 1 }] })));
    const phrases = new TitlePhrases((term) => index.termId(term), index.termCount);
    const idf = (term: string) => (term === tokenize('mailbox')[0] ? 3 : 1);
    // "printer" is in no title: its pairs cannot match and are left out.
    const intake = phrases.intakeWeights(wordPairs(tokenize('shared mailbox missing printer')), idf);
    // "mailbox shared" weighs (3 + 1) / 2, "mailbox missing" (3 + 1) / 2; "shared missing" is two apart: 1.
    expect(phrases.weight(titles[0]!, intake)).toBe(5);
    expect(phrases.weight(titles[1]!, intake)).toBe(0);
    expect(phrases.weight(titles[0]!, intake)).toBe(5);
  });
});
