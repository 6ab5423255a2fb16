import { iso } from '../../http/openapi';
import type { HandoffRow } from './handoffs.repo';
import { stepsTried } from './snapshot';

export function presentHandoff(h: HandoffRow) {
  // The engine's working memory stays on the server; clients get the record of the work.
  const { engine_state: _engineState, ...snapshot } = h.snapshot;
  return {
    id: h.id,
    session_id: h.session_id,
    intent: h.intent,
    handed_off_by: { id: h.handed_off_by, name: h.handed_off_by_name },
    target_user_id: h.target_user_id,
    engineer_notes: h.engineer_notes,
    priority: h.priority,
    snapshot,
    assessment: h.assessment,
    assessment_status: h.assessment_status,
    claimed_by: h.claimed_by ? { id: h.claimed_by, name: h.claimed_by_name ?? '' } : null,
    claimed_at: iso(h.claimed_at),
    released_at: iso(h.released_at),
    resolved_at: iso(h.resolved_at),
    policy_level: h.policy_level,
    paged: h.paged ?? [],
    created_at: h.created_at.toISOString(),
  };
}

export function presentQueueItem(h: HandoffRow, now: Date) {
  return {
    id: h.id,
    session_id: h.session_id,
    problem_summary: h.snapshot.problem_summary,
    problem_domain: h.snapshot.problem_domain,
    handed_off_by: { id: h.handed_off_by, name: h.handed_off_by_name },
    engineer_notes: h.engineer_notes,
    priority: h.priority,
    ticket: h.snapshot.ticket,
    client: h.snapshot.client,
    steps_tried: stepsTried(h.snapshot),
    assessment_status: h.assessment_status,
    policy_level: h.policy_level,
    target_user_id: h.target_user_id,
    paged: h.paged ?? [],
    created_at: h.created_at.toISOString(),
    age_seconds: Math.max(0, Math.round((now.getTime() - h.created_at.getTime()) / 1000)),
  };
}
