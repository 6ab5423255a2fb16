import type { Assessment, HandoffSnapshot as WireSnapshot } from '../../shared/handoffs';
import type {
  LikelyCause,
  Outcome,
  StepAnswer,
  StepContent,
  StepKind,
  StepSource,
  StepSourceType,
} from '../../shared/sessions';
import type { AccountKnowledge } from './builtin/knowledge';

// The shapes the engine produces are the API's wire shapes (zod schemas in shared/, which the
// OpenAPI document is built from), so what a step or an assessment holds is declared once.
export type { Assessment, LikelyCause, StepContent };
export type Source = StepSource;

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
  source: StepSourceType;
  content: StepContent;
  answer: StepAnswer | null;
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

/**
 * The frozen copy of a session taken at escalation (what the API sends), stored with the assistant's
 * working memory at that moment (for the built-in engine: the runbook it followed), which stays here.
 */
export type HandoffSnapshot = WireSnapshot & { engine_state: Record<string, unknown> };

/** Every assistant (built-in or hosted) offers the same capabilities. */
export interface AssistantProvider {
  readonly name: 'builtin' | 'anthropic' | 'openai-compatible';
  triage(intake: Intake): Promise<Triage>;
  nextStep(input: EngineInput): Promise<EngineTurn>;
  assess(snapshot: HandoffSnapshot, account: AccountKnowledge): Promise<Assessment>;
}

export const MAX_ASSISTANT_STEPS = 30;
