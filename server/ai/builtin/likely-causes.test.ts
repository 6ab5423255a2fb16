import { describe, expect, it } from 'vitest';
import type { Candidate, KnowledgeBase } from './knowledge';
import type { CauseOption } from './library-items';
import { followsDomain, problemDomain, rankLikelyCauses, relevantCandidates } from './likely-causes';

const candidate = (id: string, domain: string, score: number, codes: string[] = []): Candidate => ({
  kind: 'known_issue',
  id,
  title: id,
  domain,
  score,
  coverage: 0.3,
  error_codes: codes,
  runbook_id: null,
});

/** A knowledge base stand-in: one long cause per candidate, and no cause speaks to the query. */
function kbWith(causeWords: number): KnowledgeBase {
  const long = Array.from({ length: causeWords }, (_, i) => `word${i}`).join(' ');
  return {
    coverageOf: () => () => 0,
    causesOf: (c: Candidate): CauseOption[] => [
      {
        key: `known_issue:${c.id}:cause`,
        cause: `${c.id} ${long}`,
        fix: 'Apply the fix.',
        source: { kind: 'known_issue', id: c.id, title: c.id },
      },
    ],
  } as unknown as KnowledgeBase;
}

describe('problem domain', () => {
  it('an exact code sets the domain when its item is nearly as strong as the best match', () => {
    const cands = [candidate('office-crash', 'm365', 50), candidate('vpn-801', 'network', 48, ['error 801'])];
    expect(problemDomain(cands, null)).toBe('network');
  });

  it('a generic code on a far weaker item does not pull the problem into its domain', () => {
    // "Event ID 1000" is logged by every crashing program: the Word item the words name must lead.
    const cands = [
      candidate('word-crash-add-in', 'm365', 77),
      candidate('acrobat-crash', 'lob_apps', 48, ['event 1000']),
    ];
    expect(problemDomain(cands, null)).toBe('m365');
  });
});

describe('likely causes', () => {
  it('shows a third cause past the word budget when its evidence is close to the best', () => {
    const cands = [candidate('a', 'email', 40), candidate('b', 'email', 38), candidate('c', 'email', 37)];
    const causes = rankLikelyCauses(kbWith(90), cands, 'query', new Set());
    expect(causes.map((c) => c.source.id)).toEqual(['a', 'b', 'c']);
  });

  it('shows a fix of about fifty words whole and cuts a longer one with an ellipsis', () => {
    const fixOf = (words: number) => Array.from({ length: words }, (_, i) => `step${i}`).join(' ');
    const kb = {
      coverageOf: () => () => 0,
      causesOf: (c: Candidate): CauseOption[] => [
        {
          key: `known_issue:${c.id}:cause`,
          cause: c.id,
          fix: fixOf(c.id === 'fifty' ? 50 : 80),
          source: { kind: 'known_issue', id: c.id, title: c.id },
        },
      ],
    } as unknown as KnowledgeBase;
    const causes = rankLikelyCauses(
      kb,
      [candidate('fifty', 'email', 40), candidate('eighty', 'email', 39)],
      'q',
      new Set(),
    );
    expect(causes[0]!.fix).toBe(fixOf(50));
    expect(causes[1]!.fix.endsWith('…')).toBe(true);
    expect(causes[1]!.fix.length).toBeLessThanOrEqual(400);
  });

  it('keeps to two causes past the word budget when the third is clearly weaker', () => {
    const cands = [candidate('a', 'email', 40), candidate('b', 'email', 38), candidate('c', 'email', 20)];
    const causes = rankLikelyCauses(kbWith(90), cands, 'query', new Set());
    expect(causes.map((c) => c.source.id)).toEqual(['a', 'b']);
  });
});

describe('candidates of another domain', () => {
  const retrieval = (cands: Candidate[]) => ({
    candidates: cands,
    queryCodes: [],
    noMatch: false,
    nonTechnical: false,
  });

  it('a near tie from another domain speaks for the problem; a weaker one does not', () => {
    const own = candidate('outlook-profile', 'email', 50);
    const tie = candidate('smb-share-blocked', 'server', 45);
    const weak = candidate('wifi-drops', 'wifi', 30);
    const kept = relevantCandidates(retrieval([own, tie, weak]), 'email');
    expect(kept).toEqual([own, tie]);
  });

  it('the checks stay on the problem: a near tie of another domain is shown but not followed', () => {
    expect(followsDomain(candidate('smb-share-blocked', 'server', 45), 'email')).toBe(false);
    expect(followsDomain(candidate('entra-sign-in', 'identity', 20), 'email')).toBe(true);
    expect(followsDomain(candidate('win32-5', 'endpoint', 14, ['error 5']), 'email')).toBe(true);
  });
});
