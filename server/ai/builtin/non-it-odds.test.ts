import { describe, expect, it } from 'vitest';
import { NonItOdds, type ItWordStatistics } from './non-it-odds';
import { tokenize } from './text';

/** A library of three IT items, as the search index would count its words. */
function itLibrary(items: string[]): ItWordStatistics {
  const withTerm = new Map<string, number>();
  for (const item of items)
    for (const term of new Set(tokenize(item))) withTerm.set(term, (withTerm.get(term) ?? 0) + 1);
  return { documentFrequency: (term) => withTerm.get(term) ?? 0, documentCount: items.length };
}

const library = itLibrary([
  'print spooler stopped, jobs stuck in the queue',
  'meeting room mailbox does not accept the invite',
  'outlook calendar shows the organiser instead of the subject',
]);
const requests = [
  'who orders the sandwiches for the team lunch',
  'can catering bring lunch to the board room on friday',
  'is there a buffet for the leaving do',
];

describe('non-IT odds', () => {
  it('reads words that non-IT requests use and the library does not as non-IT', () => {
    const odds = new NonItOdds(library, requests);
    expect(odds.of('who orders lunch for friday')).toBeGreaterThan(0);
    expect(odds.of('print spooler stopped')).toBeLessThan(0);
  });

  it('ignores words neither side has seen, such as names', () => {
    const odds = new NonItOdds(library, requests);
    expect(odds.of('zebedee')).toBe(0);
    expect(odds.of('zebedee orders lunch')).toBe(odds.of('orders lunch'));
  });

  it('counts a word once however often the intake repeats it', () => {
    const odds = new NonItOdds(library, requests);
    expect(odds.of('lunch lunch lunch')).toBe(odds.of('lunch'));
  });

  it('needs a clear lead before it calls a request non-IT', () => {
    const odds = new NonItOdds(library, requests);
    // One non-IT word is not enough; a sentence of them is.
    expect(odds.readsAsNonIt('lunch')).toBe(false);
    expect(
      odds.readsAsNonIt(
        'who orders the sandwiches and catering for the team lunch on friday, buffet for the leaving do',
      ),
    ).toBe(true);
  });
});
