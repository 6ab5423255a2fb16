import type { DraftSource, DraftStep } from './proposal-draft';

/** One line of at most `max` characters, cut with an ellipsis. */
export const clip = (text: string, max: number) => {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : `${t.slice(0, max - 1).trimEnd()}…`;
};

/** Lowercase words joined by single hyphens: the shape runbook ids must have. */
export function kebab(text: string, max: number) {
  const slug = text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, max).replace(/-+$/, '');
}

/** A check whose outcome was recorded: the material of "what worked" and "what did not help". */
export const isRecordedCheck = (s: DraftStep) =>
  s.kind === 'action' && (s.outcome === 'worked' || s.outcome === 'failed' || s.outcome === 'partial');

/** A suggested fix answered "Did not fix it", or a likely cause marked "Not this". */
export const isRejectedSuggestion = (s: DraftStep) =>
  s.option === 'not_fixed' || (s.option?.startsWith('not:') ?? false);
/** A suggested fix answered "This fixed it", or a likely cause marked so. */
export const isConfirmedSuggestion = (s: DraftStep) =>
  s.option === 'fixed' || (s.option?.startsWith('fixed:') ?? false);

/** Recorded checks in timeline order; the same check (same text) is kept once, at its last outcome. */
export function distinctChecks(steps: DraftStep[]) {
  const byText = new Map<string, DraftStep>();
  for (const s of steps.filter(isRecordedCheck)) {
    const key = s.text.trim().toLowerCase();
    byText.delete(key);
    byText.set(key, s);
  }
  return [...byText.values()];
}

/** How to confirm the fix: the accepted suggestion's checks, else what the worked steps expected. */
export function verificationLines(src: DraftSource): string[] {
  const accepted = src.steps.findLast(isConfirmedSuggestion);
  const lines = accepted?.verification.length
    ? accepted.verification
    : src.steps.filter((s) => s.outcome === 'worked' && s.expectedOutcome).map((s) => s.expectedOutcome!);
  const summary = clip(src.problemSummary || src.problem, 300);
  const specific = lines.map((l) => clip(l, 400)).filter(Boolean);
  // At most eight lines (the runbook schema's limit), the last one always the original symptom.
  return [
    ...new Set([...specific.slice(0, 7), clip(`The original problem no longer occurs: ${summary}`, 400)]),
  ];
}
