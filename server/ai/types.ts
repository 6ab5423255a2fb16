import type { SourceKind } from '../../shared/knowledge';
import type { Outcome, StepKind } from '../../shared/sessions';
import type { AccountKnowledge } from './builtin/knowledge';

export type Source = { kind: SourceKind; id: string; title: string; excerpt?: string };

/** One cause the evidence supports, with its fix: the first answer leads with these, best first. */
export type LikelyCause = {
  /** Stable key; answering a step with option `fixed:<id>` or `not:<id>` records the tech's verdict. */
  id: string;
  cause: string;
  fix: string;
  command?: string;
  confidence: 'low' | 'medium' | 'high';
  source: Source;
};

/** What a step shows the tech. Stored as the step's `content`. */
export type StepContent = {
  text: string;
  options: { label: string; value: string }[];
  command?: string;
  expected_outcome?: string;
  /** Why the assistant proposes this step, in one sentence. */
  rationale?: string;
  sources: Source[];
  /** The explicit rules behind the confidence that came with this step. */
  confidence_factors?: string[];
  /** The causes the evidence supports, best first (at most five). */
  likely_causes?: LikelyCause[];
  /** True when nothing in the knowledge matches: the step is a triage question. */
  no_match?: boolean;
  /** For resolution suggestions: the cause and fix, so resolve can be pre-filled. */
  cause?: string;
  fix?: string;
  verification?: string[];
};

export type StepDraft = { kind: StepKind; content: StepContent };

export type Intake = {
  problem: string;
  ticket?: string | null;
  client?: string | null;
  asset?: string | null;
  log?: string | null;
};

/** One answered step, as the engine reads the history. */
export type AnsweredStep = {
  kind: StepKind;
  source: 'assistant' | 'user';
  content: StepContent;
  answer: { option?: string; text?: string; skipped?: boolean } | null;
  outcome: Outcome | null;
  note: string | null;
};

export type EngineInput = {
  intake: Intake;
  /** The provider's own working memory from the previous turn (opaque to the caller). */
  state: Record<string, unknown>;
  history: AnsweredStep[];
  facts: string[];
  assistantStepCount: number;
  account: AccountKnowledge;
};

export type EngineTurn = {
  state: Record<string, unknown>;
  /** null when the assistant has nothing more to propose (fix confirmed, library exhausted, step cap). */
  step: StepDraft | null;
  confidence: number;
  confidence_factors: string[];
  provider: string;
  fallback: boolean;
  /** How well the knowledge matched the problem (read at intake for the knowledge-gaps report). */
  best_match?: BestMatch;
};

/** The best knowledge match: the share of the problem it covers (0..1; an exact code counts as 1) and what it was. */
export type BestMatch = { coverage: number; source: Source | null };

export type Triage = { problem_summary: string; problem_domain: string };

export type Assessment = {
  summary_prose: string;
  what_we_know: string[];
  tried: { step: string; outcome: string }[];
  likely_cause: string;
  suggested_steps: string[];
  confidence: 'low' | 'medium' | 'high';
  sources: Source[];
  provider: string;
  fallback: boolean;
};

/** The frozen copy of a session taken at escalation: what the assessment and the handoff screen read. */
export type HandoffSnapshot = {
  problem: string;
  problem_summary: string;
  problem_domain: string;
  priority: string;
  ticket: string | null;
  client: string | null;
  asset: string | null;
  log: string | null;
  escalated_by: { id: string; name: string };
  engineer_notes: string;
  steps: {
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
  }[];
  facts: string[];
  time_spent_hours: number;
  confidence: number;
  /** The assistant's working memory at escalation (for the built-in engine: the runbook it followed). */
  engine_state: Record<string, unknown>;
};

/** Every assistant (built-in or hosted) offers the same capabilities. */
export interface AssistantProvider {
  readonly name: 'builtin' | 'anthropic' | 'openai-compatible';
  triage(intake: Intake): Promise<Triage>;
  nextStep(input: EngineInput): Promise<EngineTurn>;
  assess(snapshot: HandoffSnapshot, account: AccountKnowledge): Promise<Assessment>;
}

export const MAX_ASSISTANT_STEPS = 30;
