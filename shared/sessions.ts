/** Session vocabulary shared by server and web. */
export const SESSION_STATUSES = [
  'active',
  'paused',
  'requesting_escalation',
  'escalated',
  'resolved',
  'abandoned',
] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export const STEP_KINDS = [
  'question',
  'action',
  'resolution_suggestion',
  'note',
  'briefing',
  'status_update',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const OUTCOMES = ['worked', 'failed', 'partial', 'not_run'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const PRIORITIES = ['p1', 'p2', 'p3', 'p4'] as const;
export type Priority = (typeof PRIORITIES)[number];

export type ConfidenceTier = 'discovery' | 'exploring' | 'guided';

/** discovery < 0.4 ≤ exploring < 0.8 ≤ guided */
export function confidenceTier(confidence: number): ConfidenceTier {
  if (confidence >= 0.8) return 'guided';
  if (confidence >= 0.4) return 'exploring';
  return 'discovery';
}

/** The same thresholds, in the words an assessment uses. */
export function confidenceLabel(confidence: number): 'low' | 'medium' | 'high' {
  const tier = confidenceTier(confidence);
  return tier === 'guided' ? 'high' : tier === 'exploring' ? 'medium' : 'low';
}

/** Sessions in transit between a tech and a senior: readable by every member of the account. */
export const IN_TRANSIT: readonly SessionStatus[] = ['requesting_escalation', 'escalated'];

/** The label the UI shows for the built-in engine. */
export const BUILTIN_LABEL = 'Built-in knowledge match (no AI model)';

/**
 * A verdict on one of the likely causes a step shows, sent as the step's answer option:
 * `fixed:<cause id>` ("this fixed it") or `not:<cause id>` ("not this").
 */
export const CAUSE_VERDICT = /^(fixed|not):(.+)$/;
export const causeVerdictOption = (verdict: 'fixed' | 'not', causeId: string) => `${verdict}:${causeId}`;
