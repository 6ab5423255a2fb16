// Wire types of the /api/v1/sessions contract (snake_case, as the server sends them).
import type { SourceKind } from '../../../../shared/knowledge';
import type { ConfidenceTier, Outcome, Priority, SessionStatus, StepKind } from '../../../../shared/sessions';

export type { ConfidenceTier, Outcome, Priority, SessionStatus, StepKind };

export interface Person {
  id: string;
  name: string;
}

export type AssistantFinished = 'fixed' | 'exhausted' | 'step_limit';

export interface SessionRecord {
  id: string;
  status: SessionStatus;
  user_id: string;
  owner: Person;
  escalated_to_id: string | null;
  escalated_to: Person | null;
  problem_summary: string;
  problem_domain: string;
  priority: Priority;
  confidence: number;
  confidence_tier: ConfidenceTier;
  confidence_factors: string[];
  provider: string;
  assistant_finished: AssistantFinished | null;
  ticket: string | null;
  client: string | null;
  asset: string | null;
  problem: string;
  log: string | null;
  escalation_reason: string | null;
  root_cause: string | null;
  resolution_summary: string | null;
  created_at: string;
  updated_at: string;
  escalated_at: string | null;
  resolved_at: string | null;
}

export interface StepOption {
  label: string;
  value: string;
}

export interface StepSource {
  kind: SourceKind;
  id: string;
  title: string;
  excerpt?: string;
}

/** A cause the evidence supports, with its fix; the first answer leads with these, best first. */
export interface LikelyCause {
  id: string;
  cause: string;
  fix: string;
  command?: string;
  confidence: 'low' | 'medium' | 'high';
  source: StepSource;
}

export interface StepContent {
  text: string;
  options?: StepOption[];
  command?: string;
  expected_outcome?: string;
  rationale?: string;
  sources?: StepSource[];
  likely_causes?: LikelyCause[];
  /** Nothing in the knowledge matches: the step is a triage question. */
  no_match?: boolean;
  cause?: string;
  fix?: string;
  verification?: string[];
  fallback?: boolean;
  provider?: string;
}

export interface StepAnswer {
  option?: string;
  label?: string;
  text?: string;
  skipped?: boolean;
}

export interface Step {
  id: string;
  step_order: number;
  kind: StepKind;
  content: StepContent;
  answer: StepAnswer | null;
  outcome: Outcome | null;
  note: string | null;
  actor_user_id: string | null;
  actor_name: string | null;
  source: 'assistant' | 'user';
  confidence: number | null;
  created_at: string;
  answered_at: string | null;
}

export interface Fact {
  id: string;
  text: string;
  source_step_id: string | null;
  created_by: string | null;
  created_by_name: string | null;
  created_at: string;
}

/** GET /sessions/:id and every call that changes a session answer with this. */
export interface SessionView {
  session: SessionRecord;
  steps: Step[];
  facts: Fact[];
  current_step: Step | null;
}

export interface CreateSessionInput {
  problem: string;
  ticket?: string;
  client?: string;
  asset?: string;
  log?: string;
  priority: Priority;
}

export type AnswerInput =
  { option: string } | { text: string } | { skipped: true } | { outcome: Outcome; note?: string };

export type SessionScope = 'mine' | 'account';
export type TransitionName = 'pause' | 'resume' | 'abandon';
