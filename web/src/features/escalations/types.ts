// Wire types of the /api/v1 handoff contract (snake_case, as the server sends them).
import type { Outcome, Person, Priority, StepKind, StepSource } from '../sessions/types';

export type AssessmentStatus = 'pending' | 'ready' | 'unavailable';
export type HandoffIntent = 'escalate' | 'park';
export type AssessmentConfidence = 'low' | 'medium' | 'high';

/** One step as frozen into the snapshot at the moment of escalation. */
export interface SnapshotStep {
  order: number;
  kind: StepKind;
  source: 'assistant' | 'user';
  text: string;
  command: string | null;
  answer: string | null;
  outcome: Outcome | null;
  note: string | null;
  actor_name: string | null;
  answered_at: string | null;
}

export interface HandoffSnapshot {
  problem: string;
  problem_summary: string;
  problem_domain: string;
  priority: Priority;
  ticket: string | null;
  client: string | null;
  asset: string | null;
  log: string | null;
  escalated_by: Person;
  engineer_notes: string;
  steps: SnapshotStep[];
  facts: string[];
  time_spent_hours: number;
  confidence: number;
}

export interface Assessment {
  summary_prose: string;
  what_we_know: string[];
  tried: { step: string; outcome: string }[];
  likely_cause: string;
  suggested_steps: string[];
  confidence: AssessmentConfidence;
  sources: StepSource[];
  provider: string;
  fallback: boolean;
}

export interface Handoff {
  id: string;
  session_id: string;
  intent: HandoffIntent;
  handed_off_by: Person;
  target_user_id: string | null;
  engineer_notes: string;
  priority: Priority;
  snapshot: HandoffSnapshot;
  assessment: Assessment | null;
  assessment_status: AssessmentStatus;
  claimed_by: Person | null;
  claimed_at: string | null;
  released_at?: string | null;
  resolved_at?: string | null;
  policy_level?: number;
  created_at: string;
}

export interface QueueItem {
  id: string;
  session_id: string;
  problem_summary: string;
  problem_domain: string;
  handed_off_by: Person;
  engineer_notes: string;
  priority: Priority;
  ticket: string | null;
  client: string | null;
  steps_tried: number;
  assessment_status: AssessmentStatus;
  policy_level: number;
  target_user_id: string | null;
  created_at: string;
  age_seconds: number;
}

/** A queue item plus when it was escalated by this browser's clock (from `age_seconds`, so skew-free). */
export interface QueueCardItem extends QueueItem {
  escalated_at_ms: number;
}

export interface CreateHandoffInput {
  intent: HandoffIntent;
  engineer_notes?: string;
  target_user_id?: string;
  priority?: Priority;
}

/** The extra fields of a 409 ALREADY_CLAIMED error body. */
export interface AlreadyClaimedBody {
  code: 'ALREADY_CLAIMED';
  message: string;
  claimed_by: Person | null;
  claimed_at: string | null;
}

/** The fields of the live handoff frames this feature reads (every frame has handoff_id + session_id). */
export interface HandoffFrame {
  handoff_id?: string;
  session_id?: string;
  handed_off_by?: Person;
  claimed_by?: Person;
  policy_level?: number;
  assessment_status?: AssessmentStatus;
}
