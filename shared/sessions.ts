import { z } from 'zod';
import { SOURCE_KINDS } from './knowledge';

/** Session vocabulary shared by server and web, and the wire shapes of a step's content and answer. */
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

export const CONFIDENCE_TIERS = ['discovery', 'exploring', 'guided'] as const;
export type ConfidenceTier = (typeof CONFIDENCE_TIERS)[number];

/** How sure the assistant is of a likely cause or an assessment, in words. */
export const CONFIDENCE_LABELS = ['low', 'medium', 'high'] as const;
export type ConfidenceLabel = (typeof CONFIDENCE_LABELS)[number];

/** Who wrote a step: the assistant proposed it, or a person wrote it (a note). */
export const STEP_SOURCES = ['assistant', 'user'] as const;
export type StepSourceType = (typeof STEP_SOURCES)[number];

/** Why the assistant stopped proposing steps: a fix was confirmed, its knowledge ran out, or the step cap. */
export const ASSISTANT_FINISHED = ['fixed', 'exhausted', 'step_limit'] as const;
export type AssistantFinished = (typeof ASSISTANT_FINISHED)[number];

/** discovery < 0.4 ≤ exploring < 0.8 ≤ guided */
export function confidenceTier(confidence: number): ConfidenceTier {
  if (confidence >= 0.8) return 'guided';
  if (confidence >= 0.4) return 'exploring';
  return 'discovery';
}

/** The same thresholds, in the words an assessment uses. */
export function confidenceLabel(confidence: number): ConfidenceLabel {
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

/** A member as the API names one: who owns, escalated, claimed or wrote something. */
export const personSchema = z.object({ id: z.string(), name: z.string() });
export type Person = z.infer<typeof personSchema>;

/** A knowledge item a step or an assessment relies on, for the tech to open. */
export const stepSourceSchema = z.object({
  kind: z.enum(SOURCE_KINDS),
  id: z.string(),
  title: z.string(),
  excerpt: z.string().optional().describe('The passage quoted from an account article (its fix)'),
});
export type StepSource = z.infer<typeof stepSourceSchema>;

/** One cause the evidence supports, with its fix: the first answer leads with these, best first. */
export const likelyCauseSchema = z.object({
  id: z
    .string()
    .describe('Stable key: answering with option `fixed:<id>` or `not:<id>` records the verdict on it'),
  cause: z.string(),
  fix: z.string(),
  command: z.string().optional(),
  confidence: z.enum(CONFIDENCE_LABELS),
  source: stepSourceSchema,
});
export type LikelyCause = z.infer<typeof likelyCauseSchema>;

export const stepOptionSchema = z.object({ label: z.string(), value: z.string() });
export type StepOption = z.infer<typeof stepOptionSchema>;

/** What a step shows the tech, stored as the step's `content`. */
export const stepContentSchema = z.object({
  text: z.string(),
  options: z.array(stepOptionSchema).describe('The answers a question offers; empty for other kinds'),
  command: z.string().optional(),
  expected_outcome: z.string().optional(),
  rationale: z.string().optional().describe('Why the assistant proposes this step, in one sentence'),
  sources: z.array(stepSourceSchema),
  confidence_factors: z
    .array(z.string())
    .optional()
    .describe('The explicit rules behind the confidence that came with this step'),
  likely_causes: z
    .array(likelyCauseSchema)
    .optional()
    .describe('The causes the evidence supports, best first (at most five)'),
  no_match: z
    .boolean()
    .optional()
    .describe('True when nothing in the knowledge matches: the step is a triage question'),
  cause: z.string().optional().describe('Resolution suggestions: the cause, to pre-fill resolve'),
  fix: z.string().optional().describe('Resolution suggestions: the fix, to pre-fill resolve'),
  verification: z.array(z.string()).optional(),
  provider: z.string().optional().describe('Assistant steps: the assistant that proposed it'),
  fallback: z
    .boolean()
    .optional()
    .describe('Assistant steps: true when the built-in engine stood in for a hosted model'),
});
export type StepContent = z.infer<typeof stepContentSchema>;

/** How a step was answered: an option (with its label), free text, or skipped. */
export const stepAnswerSchema = z.object({
  option: z.string().optional(),
  label: z.string().optional(),
  text: z.string().optional(),
  skipped: z.boolean().optional(),
});
export type StepAnswer = z.infer<typeof stepAnswerSchema>;
