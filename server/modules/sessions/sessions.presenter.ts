import type { AssistantFinished } from '../../../shared/sessions';
import { iso } from '../../http/openapi';
import type { FactRow, SessionRow, StepRow } from './sessions.repo';
import type { SessionView } from './sessions.service';

export function presentSession(s: SessionRow) {
  const state = s.engine_state as {
    provider?: string;
    fallback?: boolean;
    confidence_factors?: string[];
    finished?: AssistantFinished | null;
  };
  return {
    id: s.id,
    status: s.status,
    user_id: s.user_id,
    owner: { id: s.user_id, name: s.owner_name },
    escalated_to_id: s.escalated_to_id,
    escalated_to: s.escalated_to_id ? { id: s.escalated_to_id, name: s.escalated_to_name ?? '' } : null,
    problem_summary: s.problem_summary,
    problem_domain: s.problem_domain,
    priority: s.priority,
    confidence: s.confidence,
    confidence_tier: s.confidence_tier,
    confidence_factors: state.confidence_factors ?? [],
    provider: state.provider ?? 'builtin',
    fallback: state.fallback ?? false,
    assistant_finished: state.finished ?? null,
    ticket: s.ticket,
    client: s.client_name,
    asset: s.asset_name,
    problem: s.intake.problem,
    log: s.intake.log ?? null,
    escalation_reason: s.escalation_reason,
    root_cause: s.root_cause,
    resolution_summary: s.resolution_summary,
    created_at: s.created_at.toISOString(),
    updated_at: s.updated_at.toISOString(),
    escalated_at: iso(s.escalated_at),
    resolved_at: iso(s.resolved_at),
  };
}

export function presentStep(st: StepRow) {
  return {
    id: st.id,
    step_order: st.step_order,
    kind: st.kind,
    content: st.content,
    answer: st.answer,
    outcome: st.outcome,
    note: st.note,
    actor_user_id: st.actor_user_id,
    actor_name: st.actor_name,
    source: st.source,
    confidence: st.confidence,
    created_at: st.created_at.toISOString(),
    answered_at: iso(st.answered_at),
  };
}

export function presentFact(f: FactRow) {
  return {
    id: f.id,
    text: f.text,
    source_step_id: f.source_step_id,
    created_by: f.created_by,
    created_by_name: f.created_by_name,
    created_at: f.created_at.toISOString(),
  };
}

export function presentView(v: SessionView) {
  return {
    session: presentSession(v.session),
    steps: v.steps.map(presentStep),
    facts: v.facts.map(presentFact),
    current_step: v.current_step ? presentStep(v.current_step) : null,
  };
}
