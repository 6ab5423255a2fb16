import type { LikelyCause } from '../types';
import type { Candidate, KnowledgeBase, Retrieval } from './knowledge';

/** At most this many causes lead the answer: it must read in under a minute. */
export const MAX_LIKELY_CAUSES = 5;
/** One item may not fill the list on its own: a second opinion is worth more than a fourth cause. */
const MAX_CAUSES_PER_ITEM = 3;
/** Candidates far below the best one are not evidence, only noise. */
const RELATIVE_FLOOR = 0.4;
/** Another domain takes over only when its evidence clearly outweighs the problem's own domain. */
const DOMAIN_SWITCH_RATIO = 1.6;
/**
 * A fix is cut only when it runs past about sixty words: a shorter cut often dropped the very command or
 * setting the tech needed (its last clause). 260 → 400 characters: +4 first answers carrying the fix
 * on the long-tail development sets (2,003 → 2,007 of 2,632), none lost on the runbook sets; the word
 * budget below still keeps the list readable in under a minute.
 */
const MAX_FIX_CHARS = 400;
/**
 * The list must read in under a minute (about 200 words for the causes and fixes, with the step itself well under 250):
 * causes are added best first while they fit, never fewer than two.
 */
const WORD_BUDGET = 200;
const MIN_CAUSES = 2;
/** A third cause whose evidence is close to the best one is shown even past the word budget. */
const CLOSE_CAUSES = 3;
const CLOSE_RATIO = 0.85;
const words = (s: string) => s.split(/\s+/).length;

const clip = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1).trimEnd()}…`);

/**
 * The problem's domain: that of the strongest evidence (an exact code first, then the best score).
 * Once set, it only changes when another domain's best candidate clearly outweighs this one's.
 */
export function problemDomain(candidates: Candidate[], current: string | null): string | null {
  // Articles and PSA tickets carry no domain of their own: the shipped evidence names it.
  const byWords = candidates.find((c) => c.domain !== 'other') ?? candidates[0];
  const byCode = candidates.find((c) => c.error_codes.length > 0);
  const best = byCode && leadsByCode(byCode, candidates[0]) ? byCode : byWords;
  if (!best) return current;
  if (!current) return best.domain;
  const own = candidates.find((c) => c.domain === current);
  if (!own) return best.error_codes.length ? best.domain : current;
  return best.domain !== current && best.score > DOMAIN_SWITCH_RATIO * own.score ? best.domain : current;
}

/**
 * An exact code leads only while its item is nearly as strong as the best match overall: generic
 * codes (Event ID 1000, Win32 error 5) or a number that means something else in another product
 * ("error #801" on a copier is not the VPN error 801) must not pull the answer away from an item
 * the description itself clearly names.
 */
const CODE_LEAD_RATIO = 0.9;
const leadsByCode = (c: Candidate, top: Candidate | undefined) =>
  c.error_codes.length > 0 && (!top || c.score >= CODE_LEAD_RATIO * top.score);

/**
 * Domains whose problems overlap in practice: an Outlook password prompt may be an Entra sign-in
 * problem, a VPN drop a firewall one. Their candidates may join the likely causes when they are
 * nearly as strong as the problem's own; anything further away needs an exact code.
 */
const NEIGHBOURS: Record<string, string[]> = {
  email: ['identity', 'm365'],
  m365: ['email', 'identity', 'collaboration'],
  collaboration: ['m365', 'identity'],
  identity: ['email', 'm365', 'active_directory', 'mobile'],
  active_directory: ['identity', 'dns_dhcp', 'server'],
  network: ['firewall', 'dns_dhcp', 'wifi', 'server'],
  firewall: ['network'],
  dns_dhcp: ['network', 'active_directory'],
  wifi: ['network'],
  endpoint: ['security', 'm365'],
  security: ['endpoint', 'email', 'identity'],
  server: ['active_directory', 'virtualization', 'backup', 'network'],
  virtualization: ['server', 'backup'],
  backup: ['server', 'virtualization', 'database'],
  database: ['lob_apps', 'server'],
  lob_apps: ['database', 'endpoint'],
  mobile: ['identity'],
};
const NEIGHBOUR_FLOOR = 0.6;
/**
 * A candidate of any domain this close to the best match is a near tie, not weak evidence: the
 * problem's domain was decided by a margin too small to hide it (an SMB share problem reads as
 * network or server, a code may set the domain while the best word match sits in another one).
 * Measured on the long-tail development sets: +10 first answers carrying the fix, 3 lost, every set
 * gaining.
 */
const ANY_DOMAIN_FLOOR = 0.85;

/**
 * Whether the assistant may take its next check from a candidate: the problem's domain, a close
 * neighbour, or an exact code. A near tie from another domain is shown among the likely causes
 * (see relevantCandidates) but does not lead the checks away from the problem.
 */
export const followsDomain = (c: Candidate, domain: string | null) =>
  !domain ||
  c.domain === domain ||
  c.domain === 'other' ||
  c.error_codes.length > 0 ||
  (NEIGHBOURS[domain] ?? []).includes(c.domain);

/** Candidates that may speak for this problem: its domain (or a close neighbour), a near tie, or an exact code. */
export function relevantCandidates(r: Retrieval, domain: string | null): Candidate[] {
  if (r.noMatch) return [];
  const own = r.candidates.filter(
    (c) => !domain || c.domain === domain || c.error_codes.length > 0 || c.domain === 'other',
  );
  const top = own[0]?.score ?? r.candidates[0]?.score ?? 0;
  const near = new Set(domain ? (NEIGHBOURS[domain] ?? []) : []);
  const best = r.candidates[0]?.score ?? 0;
  return r.candidates.filter(
    (c) =>
      c.error_codes.length > 0 ||
      c.score >= ANY_DOMAIN_FLOOR * best ||
      (own.includes(c) && c.score >= RELATIVE_FLOOR * top) ||
      (near.has(c.domain) && c.score >= NEIGHBOUR_FLOOR * top),
  );
}

/**
 * The likely causes of the problem, best first: every cause of every relevant candidate, ranked by
 * the candidate's score and by how much of the description the cause itself speaks to. Causes the
 * tech ruled out are left out, so "not this" moves to the next-ranked cause of the same problem.
 */
export function rankLikelyCauses(
  kb: KnowledgeBase,
  candidates: Candidate[],
  query: string,
  rejected: ReadonlySet<string>,
): LikelyCause[] {
  const scored: { c: LikelyCause; score: number; candidate: Candidate }[] = [];
  const covers = kb.coverageOf(query);
  for (const candidate of candidates) {
    for (const option of kb.causesOf(candidate)) {
      if (rejected.has(option.key)) continue;
      const speaks = covers(`${option.cause} ${option.fix}`);
      scored.push({
        candidate,
        score: candidate.score * (0.75 + 0.5 * Math.min(1, speaks * 2)),
        c: {
          id: option.key,
          cause: option.cause,
          fix: clip(option.fix, MAX_FIX_CHARS),
          ...(option.command ? { command: option.command } : {}),
          confidence: 'low',
          source: option.source,
        },
      });
    }
  }
  scored.sort((a, b) => b.score - a.score);
  const perItem = new Map<string, number>();
  const kept = scored.filter(({ candidate }) => {
    const n = perItem.get(candidate.id) ?? 0;
    perItem.set(candidate.id, n + 1);
    return n < MAX_CAUSES_PER_ITEM;
  });
  const best = kept[0]?.score ?? 0;
  let budget = WORD_BUDGET;
  return kept
    .slice(0, MAX_LIKELY_CAUSES)
    .filter(({ c, score }, i) => {
      budget -= words(c.cause) + words(c.fix);
      return i < MIN_CAUSES || budget >= 0 || (i < CLOSE_CAUSES && score >= CLOSE_RATIO * best);
    })
    .map(({ c, score, candidate }, i) => ({ ...c, confidence: causeConfidence(candidate, score, best, i) }));
}

/**
 * A candidate matched on a minority of the intake's weighted words and no pasted code: it may well be
 * about something else, so it is offered as a possibility, never as "likely".
 */
export const isPartialMatch = (c: Candidate) => c.error_codes.length === 0 && c.coverage < 0.3;

/** Rules, not guesses: an exact code or a clear, well-covered lead earns "high". */
function causeConfidence(c: Candidate, score: number, best: number, rank: number): LikelyCause['confidence'] {
  if (rank === 0 && (c.error_codes.length > 0 || c.coverage >= 0.5)) return 'high';
  if (score >= 0.7 * best && !isPartialMatch(c)) return 'medium';
  return 'low';
}
