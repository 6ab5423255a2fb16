import type { Priority } from '../../../shared/sessions';
import type { HandoffSnapshot } from '../../ai/types';
import { hoursSpent } from '../sessions/notes';
import type { SessionView } from '../sessions/sessions.service';

/** The frozen copy of the session at the moment of handoff: later work never changes it. */
export function buildSnapshot(
  view: SessionView,
  escalatedBy: { id: string; name: string },
  notes: string,
  priority: Priority,
  now: Date,
): HandoffSnapshot {
  const s = view.session;
  return {
    problem: s.intake.problem,
    problem_summary: s.problem_summary,
    problem_domain: s.problem_domain,
    priority,
    ticket: s.ticket,
    client: s.client_name,
    asset: s.asset_name,
    log: s.intake.log ?? null,
    escalated_by: escalatedBy,
    engineer_notes: notes,
    steps: view.steps.map((st) => ({
      order: st.step_order,
      kind: st.kind,
      source: st.source,
      text: st.content.text,
      command: st.content.command ?? null,
      answer: st.answer?.skipped ? 'skipped' : (st.answer?.label ?? st.answer?.text ?? null),
      outcome: st.outcome,
      note: st.note,
      actor_name: st.actor_name,
      answered_at: st.answered_at?.toISOString() ?? null,
    })),
    facts: view.facts.map((f) => f.text),
    time_spent_hours: hoursSpent(s.created_at, now),
    confidence: s.confidence,
    engine_state: s.engine_state,
  };
}

/** Steps that were actually worked (answered, or a note someone wrote). */
export const stepsTried = (snap: HandoffSnapshot) =>
  snap.steps.filter((s) => s.answer !== null || s.outcome !== null).length;
