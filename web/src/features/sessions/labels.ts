import type { BadgeTone } from '../../components/ui/Badge';
import type { Schemas } from '../../api/client';
import type { ConfidenceTier, Outcome, Priority, SessionStatus, StepKind } from '../../../../shared/sessions';

type SessionRecord = Schemas['Session'];
type User = Schemas['User'];

export { BUILTIN_LABEL } from '../../../../shared/sessions';

export const STATUS_LABELS: Record<SessionStatus, string> = {
  active: 'Active',
  paused: 'Paused',
  requesting_escalation: 'Requesting escalation',
  escalated: 'Escalated',
  resolved: 'Resolved',
  abandoned: 'Abandoned',
};

export const STATUS_TONES: Record<SessionStatus, BadgeTone> = {
  active: 'accent',
  paused: 'neutral',
  requesting_escalation: 'warning',
  escalated: 'warning',
  resolved: 'success',
  abandoned: 'neutral',
};

/** Statuses in which someone is still working the problem. */
export const OPEN_STATUSES: readonly SessionStatus[] = [
  'active',
  'paused',
  'requesting_escalation',
  'escalated',
];

export const TIER_LABELS: Record<ConfidenceTier, string> = {
  discovery: 'Discovery',
  exploring: 'Exploring',
  guided: 'Guided',
};

export const TIER_TONES: Record<ConfidenceTier, BadgeTone> = {
  discovery: 'neutral',
  exploring: 'warning',
  guided: 'success',
};

export const PRIORITY_LABELS: Record<Priority, string> = {
  p1: 'P1 — Critical',
  p2: 'P2 — High',
  p3: 'P3 — Normal',
  p4: 'P4 — Low',
};

export const PRIORITY_TONES: Record<Priority, BadgeTone> = {
  p1: 'danger',
  p2: 'warning',
  p3: 'neutral',
  p4: 'neutral',
};

export const KIND_LABELS: Record<StepKind, string> = {
  question: 'Question',
  action: 'Check',
  resolution_suggestion: 'Suggested fix',
  note: 'Note',
  briefing: 'Briefing',
  status_update: 'Status update',
};

export const OUTCOMES: readonly { value: Outcome; label: string }[] = [
  { value: 'worked', label: 'Worked' },
  { value: 'failed', label: 'Failed' },
  { value: 'partial', label: 'Partial' },
  { value: 'not_run', label: 'Not run' },
];

export const OUTCOME_LABELS = Object.fromEntries(OUTCOMES.map((o) => [o.value, o.label])) as Record<
  Outcome,
  string
>;

export const OUTCOME_TONES: Record<Outcome, BadgeTone> = {
  worked: 'success',
  failed: 'danger',
  partial: 'warning',
  not_run: 'neutral',
};

export function formatConfidence(confidence: number): string {
  return `${Math.round(Math.max(0, Math.min(1, confidence)) * 100)}%`;
}

/** "#12345" for a stored "12345". */
export function ticketLabel(ticket: string | null): string | null {
  return ticket ? `#${ticket.replace(/^#/, '')}` : null;
}

/**
 * Mirrors the server's rule: the owner works a session, except once it is escalated, when only the
 * engineer who claimed it does. Viewers never act. The server enforces this; the UI only hides controls.
 */
export function mayActOn(user: Pick<User, 'id' | 'role'>, session: SessionRecord): boolean {
  if (user.role === 'viewer') return false;
  if (session.status === 'escalated') return user.id === session.escalated_to_id;
  return user.id === session.user_id;
}

/** Statuses in which steps can be answered and facts or notes added (paused must be resumed first). */
export function isWorkable(status: SessionStatus): boolean {
  return status === 'active' || status === 'requesting_escalation' || status === 'escalated';
}
