import { describe, expect, it } from 'vitest';
import { clusterSessions, jaccard, knowledgeGaps, stem, terms, type GapSession } from './knowledge-gaps';

let n = 0;
const day = (d: number) => new Date(Date.UTC(2030, 0, d, 12));
const session = (summary: string, d: number, more: Partial<GapSession> = {}): GapSession => ({
  id: `s${String(++n).padStart(3, '0')}`,
  problem_summary: summary,
  problem_domain: 'other',
  created_at: day(d),
  escalated: false,
  best_match: null,
  ...more,
});

describe('knowledge gaps: terms', () => {
  it('folds the usual variants of a word and leaves codes alone', () => {
    expect(['printer', 'printers', 'printing', 'printed'].map(stem)).toEqual([
      'print',
      'print',
      'print',
      'print',
    ]);
    expect(['scanner', 'scanning', 'scans'].map(stem)).toEqual(['scan', 'scan', 'scan']);
    expect(['status', 'access', 'policies', '0x80070005'].map(stem)).toEqual([
      'status',
      'access',
      'policy',
      '0x80070005',
    ]);
  });

  it('drops stop words, numbers and short words; the domain is a term of its own', () => {
    const t = terms('The user says the Kyocera printer on floor 2 is not printing since today', 'printing');
    expect([...t.values()]).toEqual(['Kyocera', 'printer', 'floor', 'printing']);
    expect([...t.keys()]).toContain('domain:printing');
    expect(terms('it is broken', 'other').size).toBe(1);
  });

  it('measures overlap as Jaccard similarity of the term sets', () => {
    const a = terms('Kyocera printer jams paper', 'other');
    const b = terms('Kyocera printers jamming', 'other');
    expect(jaccard(a, b)).toBeCloseTo(3 / 4);
    expect(jaccard(a, terms('VPN drops every hour', 'other'))).toBe(0);
  });
});

describe('knowledge gaps: clusters', () => {
  const scanner = [
    session('Scanner will not send scans to the shared folder', 1, { escalated: true, best_match: 0.2 }),
    session('Scanning to shared folder fails on the Ricoh', 3, { best_match: 0.31 }),
    session('Ricoh scanner cannot send to folder after password change', 5, { escalated: true }),
    session('Shared folder scan stopped working for the front desk scanner', 7),
  ];
  const vpn = [
    session('VPN disconnects every hour for remote staff', 2, { escalated: true }),
    session('Remote staff VPN disconnects after an hour', 6),
  ];
  const lone = session('Teams camera shows a black screen', 4);

  it('groups the same problem told differently, with counts, best match and newest examples', () => {
    const gaps = knowledgeGaps([...vpn, lone, ...scanner]);
    expect(gaps.map((g) => g.sessions)).toEqual([4, 2, 1]);
    const [s, v, l] = gaps;
    expect(s).toMatchObject({ escalated: 2, best_match: 0.31 });
    // Up to three examples, newest first.
    expect(s!.example_session_ids).toEqual([scanner[3]!.id, scanner[2]!.id, scanner[1]!.id]);
    expect(s!.label).toMatch(/^Folder, scan/);
    expect(v).toMatchObject({ escalated: 1, best_match: null, label: 'Remote, staff, VPN' });
    // A single session is labelled by its own summary.
    expect(l).toMatchObject({ label: lone.problem_summary, suggested_title: lone.problem_summary });
  });

  it('is deterministic: the input order does not change the clusters', () => {
    const all = [...scanner, ...vpn, lone];
    const shuffled = [all[3]!, all[6]!, all[0]!, all[5]!, all[2]!, all[1]!, all[4]!];
    expect(knowledgeGaps(shuffled)).toEqual(knowledgeGaps(all));
  });

  it('sorts by sessions, then escalated, and keeps at most ten clusters', () => {
    const words = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima'.split(' ');
    const singles = words.map((w, i) => session(`${w} ${w}x${i}`, 10 + i, { escalated: i === 4 }));
    const gaps = knowledgeGaps([...singles, ...vpn]);
    expect(gaps).toHaveLength(10);
    expect(gaps[0]!.sessions).toBe(2);
    // Among the singletons, the escalated one comes first.
    expect(gaps[1]!.example_session_ids).toEqual([singles[4]!.id]);
  });

  it('unrelated problems of the same domain stay apart', () => {
    const { clusters } = clusterSessions([
      session('Outlook prompts for password repeatedly', 1, { problem_domain: 'email' }),
      session('Shared mailbox missing from Outlook', 2, { problem_domain: 'email' }),
    ]);
    expect(clusters).toHaveLength(2);
  });
});
