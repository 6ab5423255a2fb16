/** Handoff vocabulary shared by server and web, and the wire shapes of the snapshot and the assessment. */
import { z } from 'zod';
import {
  CONFIDENCE_LABELS,
  OUTCOMES,
  personSchema,
  PRIORITIES,
  STEP_KINDS,
  STEP_SOURCES,
  stepSourceSchema,
} from './sessions';

export const HANDOFF_INTENTS = ['escalate', 'park'] as const;
export type HandoffIntent = (typeof HANDOFF_INTENTS)[number];

export const ASSESSMENT_STATUSES = ['pending', 'ready', 'unavailable'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

/** One step as frozen into the snapshot at the moment of escalation. */
export const snapshotStepSchema = z.object({
  order: z.number(),
  kind: z.enum(STEP_KINDS),
  source: z.enum(STEP_SOURCES),
  text: z.string(),
  command: z.string().nullable(),
  answer: z.string().nullable().describe("The answer's label or text, or `skipped`"),
  outcome: z.enum(OUTCOMES).nullable(),
  note: z.string().nullable(),
  actor_name: z.string().nullable(),
  answered_at: z.string().nullable(),
});
export type SnapshotStep = z.infer<typeof snapshotStepSchema>;

/**
 * The frozen copy of a session taken at escalation: what the assessment and the handoff screen read.
 * The server stores the assistant's working memory with it (`engine_state`), which is never sent.
 */
export const handoffSnapshotSchema = z.object({
  problem: z.string(),
  problem_summary: z.string(),
  problem_domain: z.string(),
  priority: z.enum(PRIORITIES),
  ticket: z.string().nullable(),
  client: z.string().nullable(),
  asset: z.string().nullable(),
  log: z.string().nullable(),
  escalated_by: personSchema,
  engineer_notes: z.string(),
  steps: z.array(snapshotStepSchema),
  facts: z.array(z.string()),
  time_spent_hours: z.number(),
  confidence: z.number(),
});
export type HandoffSnapshot = z.infer<typeof handoffSnapshotSchema>;

/** The assistant's reading of an escalation, written in the background after it is created. */
export const assessmentSchema = z.object({
  summary_prose: z.string(),
  what_we_know: z.array(z.string()),
  tried: z.array(
    z.object({
      step: z.string(),
      outcome: z.string().describe("The step's outcome, or its answer when it had none"),
    }),
  ),
  likely_cause: z.string(),
  suggested_steps: z.array(z.string()),
  confidence: z.enum(CONFIDENCE_LABELS),
  sources: z.array(stepSourceSchema),
  provider: z.string(),
  fallback: z.boolean().describe('True when the built-in engine stood in for a hosted model'),
});
export type Assessment = z.infer<typeof assessmentSchema>;
