import type { Candidate } from './knowledge';

/** The evidence the engine has gathered so far; every number below comes from one of these. */
export type Evidence = {
  noMatch: boolean;
  /** The candidate currently followed (runbook or past session), and the best alternative. */
  current: Candidate | undefined;
  runnerUp: Candidate | undefined;
  /** Resolved sessions of this account that followed the same runbook. */
  agreeingPastSessions: number;
  followed: number;
  contradicted: number;
  failedFixes: number;
  fixConfirmed: boolean;
};

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Confidence as explicit rules over the evidence, each one recorded as a factor the UI can show.
 * Caps keep the built-in engine from ever claiming certainty it has not earned.
 */
export function computeConfidence(e: Evidence): { confidence: number; factors: string[] } {
  if (e.fixConfirmed) return { confidence: 0.95, factors: ['The proposed fix worked.'] };
  if (e.noMatch || !e.current) {
    return { confidence: 0.1, factors: ['No runbook or past session matches this description well yet.'] };
  }
  const factors: string[] = [];
  let c = 0.1;
  const coverage = Math.min(1, e.current.coverage / 0.5);
  c += 0.3 * coverage;
  factors.push(`Best match covers ${Math.round(e.current.coverage * 100)}% of the description's key terms.`);
  if (e.runnerUp && e.current.score > 0) {
    const margin = Math.max(0, (e.current.score - e.runnerUp.score) / e.current.score);
    c += 0.15 * margin;
    factors.push(`It leads the next candidate by ${Math.round(margin * 100)}%.`);
  } else {
    c += 0.15;
    factors.push('No other candidate matches.');
  }
  if (e.current.error_codes.length) {
    c += 0.25;
    factors.push(`Error code ${e.current.error_codes.join(', ')} matches exactly.`);
  }
  if (e.agreeingPastSessions > 0) {
    c += Math.min(0.2, 0.1 * e.agreeingPastSessions);
    factors.push(`${e.agreeingPastSessions} resolved session(s) in this account point the same way.`);
  }
  if (e.followed > 0) {
    c += Math.min(0.28, 0.07 * e.followed);
    factors.push(`${e.followed} answer(s) fit the decision tree.`);
  }
  if (e.contradicted > 0) {
    c -= 0.12 * e.contradicted;
    factors.push(`${e.contradicted} answer(s) ruled out an earlier runbook.`);
  }
  if (e.failedFixes > 0) {
    c -= 0.06 * e.failedFixes;
    factors.push(`${e.failedFixes} proposed fix(es) did not work.`);
  }
  return { confidence: round(Math.min(0.95, Math.max(0.02, c))), factors };
}
