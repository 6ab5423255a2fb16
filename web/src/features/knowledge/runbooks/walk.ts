import type { Branch, DraftCause, DraftStep, RunbookDraft } from './draft';

/** Where a walk through the tree stands: on a step, or at one of the ways a branch can end. */
export type WalkStop =
  | { kind: 'step'; step: DraftStep }
  | { kind: 'resolved'; cause: DraftCause }
  | { kind: 'contradicts' }
  | { kind: 'broken'; reason: string };

export interface Choice {
  label: string;
  branch: Branch;
}

export interface WalkTrailEntry {
  step: DraftStep;
  answer: string;
}

export interface Walk {
  trail: WalkTrailEntry[];
  stop: WalkStop;
}

const OUTCOME_LABELS = { worked: 'Worked', failed: 'Did not work', partial: 'Partly worked' } as const;

/** The answers a step offers, in the order the engine presents them. */
export function choicesOf(step: DraftStep): Choice[] {
  if (step.kind === 'question')
    return step.options.map((o, i) => ({ label: o.label.trim() || `Option ${i + 1}`, branch: o }));
  const outcomes: Choice[] = [
    { label: OUTCOME_LABELS.worked, branch: step.on.worked },
    { label: OUTCOME_LABELS.failed, branch: step.on.failed },
  ];
  if (step.on.partial) outcomes.push({ label: OUTCOME_LABELS.partial, branch: step.on.partial });
  return outcomes;
}

/** The root is the first step, as the schema and the engine both assume. */
function rootOf(draft: RunbookDraft): WalkStop {
  const root = draft.steps[0];
  return root ? { kind: 'step', step: root } : { kind: 'broken', reason: 'This runbook has no steps yet.' };
}

export function follow(draft: RunbookDraft, from: DraftStep, branch: Branch): WalkStop {
  if (branch.next !== undefined) {
    const step = draft.steps.find((s) => s.id === branch.next);
    if (!step)
      return { kind: 'broken', reason: `This answer leads to step “${branch.next}”, which does not exist.` };
    if (step === from) return { kind: 'broken', reason: 'This answer leads back to the same step.' };
    return { kind: 'step', step };
  }
  if (branch.resolve !== undefined) {
    const cause = draft.causes.find((c) => c.id === branch.resolve);
    return cause
      ? { kind: 'resolved', cause }
      : { kind: 'broken', reason: `This answer resolves cause “${branch.resolve}”, which does not exist.` };
  }
  if (branch.contradicts) return { kind: 'contradicts' };
  return { kind: 'broken', reason: 'This answer does not lead anywhere yet.' };
}

/**
 * Replays the chosen answers (by position) from the root. Answers are kept as positions rather than
 * steps so the walk follows live edits to an unsaved draft; where an edit removed the way, it stops.
 */
export function replay(draft: RunbookDraft, answers: readonly number[]): Walk {
  const trail: WalkTrailEntry[] = [];
  let stop = rootOf(draft);
  for (const index of answers) {
    if (stop.kind !== 'step') break;
    const choice = choicesOf(stop.step)[index];
    if (!choice) break;
    trail.push({ step: stop.step, answer: choice.label });
    stop = follow(draft, stop.step, choice.branch);
  }
  return { trail, stop };
}
