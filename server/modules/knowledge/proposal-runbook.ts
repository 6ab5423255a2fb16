import type { DraftSource, DraftStep } from './proposal-draft';
import { clip, kebab } from './proposal-text';

const CAUSE_ID = 'root-cause';
const FIX_ID = 'apply-fix';
type Branch = { next: string } | { resolve: string } | { contradicts: true };
const elsewhere: Branch = { contradicts: true };

/**
 * The path the session took, as a decision tree in the shipped format: each recorded check in order,
 * its observed outcome leading on to the next check, the other outcomes marked `contradicts` (this
 * tree does not know where they lead, so the assistant looks elsewhere). A last check that worked is
 * taken as the fix and resolves the cause; otherwise a final step applies the resolution.
 * The caller validates the result; anything the schema refuses falls back to an article.
 */
export function buildRunbookDraft(
  src: DraftSource,
  checks: DraftStep[],
  verification: string[],
): Record<string, unknown> {
  const title = clip(src.problemSummary || src.problem, 160);
  // The session id keeps ids of drafts with the same title apart.
  const id = `${kebab(title, 60) || 'session'}-${src.sessionId.slice(0, 8).toLowerCase()}`;
  const last = checks.at(-1);
  const lastIsFix = last?.outcome === 'worked';
  const stepIds = checks.map((s, i) => `step-${i + 1}-${kebab(s.text, 40) || 'check'}`);

  const steps: Record<string, unknown>[] = checks.map((s, i) => {
    const onward: Branch =
      i < checks.length - 1
        ? { next: stepIds[i + 1]! }
        : lastIsFix
          ? { resolve: CAUSE_ID }
          : { next: FIX_ID };
    const observed = s.outcome as 'worked' | 'failed' | 'partial';
    const on: Record<string, Branch> = { worked: elsewhere, failed: elsewhere };
    on[observed] = onward;
    return {
      id: stepIds[i],
      kind: 'action',
      text: clip(s.text, 400),
      ...(s.command?.trim() ? { command: s.command.trim() } : {}),
      expected_outcome: clip(
        s.expectedOutcome || s.note || 'The result shows whether this is the cause.',
        400,
      ),
      on,
    };
  });
  if (!lastIsFix)
    steps.push({
      id: FIX_ID,
      kind: 'action',
      text: clip(`Apply the fix: ${src.resolution}`, 400),
      expected_outcome: verification[0] ?? 'The original problem no longer occurs.',
      on: { worked: { resolve: CAUSE_ID }, failed: elsewhere },
    });

  const symptoms = [clip(src.problemSummary, 200)];
  const firstLine = clip(src.problem.split(/\r?\n/)[0] ?? '', 200);
  if (firstLine && firstLine.toLowerCase() !== symptoms[0]!.toLowerCase()) symptoms.push(firstLine);
  return {
    id,
    title,
    domain: src.problemDomain,
    symptoms: symptoms.filter(Boolean),
    keywords: [],
    error_codes: [],
    causes: [{ id: CAUSE_ID, text: clip(src.rootCause, 400), fix: clip(src.resolution, 1200) }],
    steps,
    verification,
  };
}
