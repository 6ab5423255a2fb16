import type { Assessment, HandoffSnapshot } from '../../ai/types';
import type { FactRow, SessionRow, StepRow } from '../sessions/sessions.repo';

/**
 * Ticket notes for the PSA, in plain text: ConnectWise shows notes as typed, so Markdown would appear
 * as asterisks. Each note ends with a reference line that lets a retry recognise a note already posted.
 */

export const referenceLine = (idempotencyKey: string) => `[ResolutionFlow ref ${idempotencyKey}]`;

const outcomeText = (outcome: string | null) => (outcome ? outcome.replace('_', ' ') : null);

/** "1. Check the OST size — answer: 4 GB; outcome: failed (by Sam)" */
function triedLines(
  steps: {
    text: string;
    answer: string | null;
    outcome: string | null;
    note: string | null;
    actor_name: string | null;
  }[],
) {
  return steps.map((s, i) => {
    const parts = [
      s.answer && `answer: ${s.answer}`,
      outcomeText(s.outcome) && `outcome: ${outcomeText(s.outcome)}`,
      s.note && `note: ${s.note}`,
    ].filter(Boolean);
    return `${i + 1}. ${s.text}${parts.length ? ` — ${parts.join('; ')}` : ''}${s.actor_name ? ` (by ${s.actor_name})` : ''}`;
  });
}

const section = (title: string, lines: string[], empty: string) => [
  `${title}:`,
  ...(lines.length ? lines : [empty]),
  '',
];

/**
 * The escalation package: problem, what we have confirmed, what we tried with outcomes, the current
 * hypothesis and suggested next steps (from the assessment when it is ready), and where to pick it up.
 */
export function renderEscalationNote(o: {
  snapshot: HandoffSnapshot;
  priority: string;
  assessment: Assessment | null;
  assessmentStatus: 'pending' | 'ready' | 'unavailable';
  link: string;
  /** The `referenceLine` of the delivery. */
  reference: string;
}): string {
  const s = o.snapshot;
  const tried = s.steps.filter((st) => st.answer !== null || st.outcome !== null || st.kind === 'note');
  const a = o.assessment;
  const lines = [
    `ESCALATED by ${s.escalated_by.name} (${o.priority.toUpperCase()}) in ResolutionFlow`,
    '',
    `Problem: ${s.problem_summary}`,
    ...(s.problem.trim() !== s.problem_summary.trim() ? [s.problem.trim()] : []),
    ...[s.client && `Client: ${s.client}`, s.asset && `Asset: ${s.asset}`].filter((x): x is string =>
      Boolean(x),
    ),
    '',
    ...section(
      'What we have confirmed',
      s.facts.map((f) => `- ${f}`),
      '- Nothing confirmed yet.',
    ),
    ...section('What we have tried', triedLines(tried), '- No steps worked yet.'),
  ];
  if (a) {
    lines.push(`Current hypothesis: ${a.likely_cause} (confidence ${a.confidence})`, '');
    lines.push(
      ...section(
        'Suggested next steps',
        a.suggested_steps.map((x, i) => `${i + 1}. ${x}`),
        '- None suggested.',
      ),
    );
  } else {
    const why =
      o.assessmentStatus === 'unavailable'
        ? 'the assessment could not be generated'
        : 'the assessment was not ready in time';
    lines.push(`Current hypothesis: not available (${why}); see the escalation notes.`, '');
  }
  if (s.engineer_notes.trim()) lines.push(`Escalation notes: ${s.engineer_notes.trim()}`, '');
  lines.push(
    `Time spent so far: ${s.time_spent_hours.toFixed(2)} h`,
    `Pick it up: ${o.link}`,
    '',
    o.reference,
  );
  return lines.join('\n');
}

/**
 * The resolution note. A customer-visible note says what was wrong and what was done; an internal one
 * adds the steps that were checked and the link to the session.
 */
export function renderResolutionNote(o: {
  session: SessionRow;
  steps: StepRow[];
  facts: FactRow[];
  resolvedBy: string;
  hours: number;
  visibility: 'internal' | 'customer';
  link: string;
  reference: string;
}): string {
  const s = o.session;
  const lines = [
    `RESOLVED by ${o.resolvedBy}`,
    '',
    `Problem: ${s.problem_summary}`,
    `Cause: ${s.root_cause ?? ''}`,
    `Resolution: ${s.resolution_summary ?? ''}`,
    '',
  ];
  if (o.visibility === 'internal') {
    const worked = o.steps
      .filter((st) => st.answered_at && st.kind !== 'note')
      .map((st) => ({
        text: st.content.text,
        answer: st.answer?.skipped ? 'skipped' : (st.answer?.label ?? st.answer?.text ?? null),
        outcome: st.outcome,
        note: st.note,
        actor_name: st.actor_name,
      }));
    lines.push(...section('What we checked', triedLines(worked), '- No steps recorded.'));
    if (o.facts.length)
      lines.push(
        ...section(
          'What we confirmed',
          o.facts.map((f) => `- ${f.text}`),
          '',
        ),
      );
    lines.push(`Time spent: ${o.hours.toFixed(2)} h`, `Session: ${o.link}`, '');
  }
  lines.push(o.reference);
  return lines.join('\n');
}
