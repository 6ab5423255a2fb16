import type { Outcome, StepKind } from '../../../shared/sessions';
import { articleBody } from './proposal-article';
import { buildRunbookDraft } from './proposal-runbook';
import { clip, distinctChecks, verificationLines } from './proposal-text';

/**
 * Turns one resolved session into a draft of knowledge (SPEC §14, the flywheel). Pure: the worker
 * reads the session, this decides what the draft says, the caller stores it.
 */

export type DraftStep = {
  kind: StepKind;
  source: 'assistant' | 'user';
  text: string;
  command: string | null;
  expectedOutcome: string | null;
  /** The answer as the timeline shows it (option label or free text); null when unanswered. */
  answer: string | null;
  /** The raw option value, to recognise "This fixed it" / "Not this" on suggestions and likely causes. */
  option: string | null;
  outcome: Outcome | null;
  note: string | null;
  verification: string[];
  actorUserId: string | null;
  answeredAt: Date | null;
};

export type DraftSource = {
  sessionId: string;
  problem: string;
  problemSummary: string;
  problemDomain: string;
  rootCause: string;
  resolution: string;
  facts: string[];
  steps: DraftStep[];
  /** Who picked the escalation up and when: their later steps are usually what fixed it. */
  claim: { userId: string; name: string; claimedAt: Date } | null;
};

export type Draft =
  | { kind: 'article'; title: string; body: string; tags: string[] }
  | { kind: 'runbook'; title: string; runbook: Record<string, unknown>; tags: string[] };

/**
 * The path branched when, before the fix, at least two different checks came back with different
 * outcomes (say one worked and one failed): then the order of the checks is worth keeping as a
 * decision tree. A last check that worked is the fix itself and does not count as a branch.
 */
export function pathBranched(steps: DraftStep[]) {
  const checks = distinctChecks(steps);
  const beforeFix = checks.at(-1)?.outcome === 'worked' ? checks.slice(0, -1) : checks;
  return beforeFix.length >= 2 && new Set(beforeFix.map((s) => s.outcome)).size >= 2;
}

/** A runbook when the path branched and the tree passes `isValid` (the published schema), else an article. */
export function buildDraft(src: DraftSource, isValid: (runbook: unknown) => boolean): Draft {
  const tags = src.problemDomain ? [src.problemDomain.toLowerCase()] : [];
  if (pathBranched(src.steps)) {
    const runbook = buildRunbookDraft(src, distinctChecks(src.steps), verificationLines(src));
    if (isValid(runbook)) return { kind: 'runbook', title: String(runbook.title), runbook, tags };
  }
  const title = clip(src.problemSummary || src.problem, 300) || 'Untitled problem';
  return { kind: 'article', title, body: articleBody(src), tags };
}
