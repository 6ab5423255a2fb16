import { describe, expect, it } from 'vitest';
import type { Runbook } from '../runbooks/types';
import { RunbookPhrases, wordPairs } from './runbook-phrases';
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
});
