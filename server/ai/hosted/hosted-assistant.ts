import { z } from 'zod';
import type { Logger } from '../../lib/logger';
import type { BuiltinEngine } from '../builtin/engine';
import { KNOWLEDGE_DOMAINS } from '../../../shared/knowledge';
import { bestMatch, type AccountKnowledge, type Candidate } from '../builtin/knowledge';
import type { CauseOption } from '../builtin/library-items';
import type {
  Assessment,
  AssistantProvider,
  EngineInput,
  EngineTurn,
  HandoffSnapshot,
  Intake,
  Source,
  StepDraft,
  Triage,
} from '../types';
import { callModel, extractJson, type ModelSettings } from './model-client';
import { assessPrompt, nextStepPrompt, SYSTEM_PROMPT, triagePrompt } from './prompts';

const StepOutput = z.object({
  kind: z.enum(['question', 'action', 'resolution_suggestion']),
  text: z.string().min(3).max(2000),
  options: z
    .array(z.object({ label: z.string().min(1).max(200), value: z.string().min(1).max(100) }))
    .max(8)
    .default([]),
  command: z.string().max(1000).optional(),
  expected_outcome: z.string().max(1000).optional(),
  rationale: z.string().max(1000).optional(),
  confidence: z.number().min(0).max(1),
  done: z.boolean().optional(),
  /** 1-based numbers of the knowledge lines the step relies on. */
  cites: z.array(z.number().int()).max(20).optional(),
});

const AssessmentOutput = z.object({
  summary_prose: z.string().min(3).max(3000),
  what_we_know: z.array(z.string().max(500)).max(30),
  tried: z.array(z.object({ step: z.string().max(500), outcome: z.string().max(100) })).max(40),
  likely_cause: z.string().min(3).max(1000),
  suggested_steps: z.array(z.string().max(500)).min(1).max(10),
  confidence: z.enum(['low', 'medium', 'high']),
});

const TriageOutput = z.object({
  problem_summary: z.string().min(3).max(120),
  problem_domain: z.enum([...KNOWLEDGE_DOMAINS, 'other']),
});

/**
 * A hosted model behind the assistant interface. The built-in engine grounds every prompt with the
 * best-matching runbooks and stands in, marked `fallback: true`, whenever the model errors, times
 * out or returns output that fails the schema.
 */
export class HostedAssistant implements AssistantProvider {
  constructor(
    readonly name: 'anthropic' | 'openai-compatible',
    private readonly settings: ModelSettings,
    private readonly builtin: BuiltinEngine,
    private readonly timeoutMs: number,
    private readonly logger: Logger,
  ) {}

  private async ask<T>(schema: z.ZodType<T>, user: string): Promise<T> {
    const text = await callModel(this.settings, SYSTEM_PROMPT, user, this.timeoutMs);
    const parsed = schema.safeParse(extractJson(text));
    if (!parsed.success)
      throw new Error(`model output failed validation: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  }

  async triage(intake: Intake): Promise<Triage> {
    try {
      return await this.ask(TriageOutput, triagePrompt(intake));
    } catch (err) {
      this.logger.warn('hosted triage failed; using the built-in engine', {
        provider: this.name,
        error: (err as Error).message,
      });
      return this.builtin.triage(intake);
    }
  }

  async assess(snapshot: HandoffSnapshot, account: AccountKnowledge): Promise<Assessment> {
    // Sources always come from the knowledge base, never from the model's say-so.
    const grounded = await this.builtin.assess(snapshot, account);
    try {
      const out = await this.ask(AssessmentOutput, assessPrompt(snapshot, grounded));
      return { ...out, sources: grounded.sources, provider: this.name, fallback: false };
    } catch (err) {
      this.logger.warn('hosted assessment failed; using the built-in engine', {
        provider: this.name,
        error: (err as Error).message,
      });
      return { ...grounded, fallback: true };
    }
  }

  async nextStep(input: EngineInput): Promise<EngineTurn> {
    const grounding = await this.builtin.kb.retrieve(
      [input.intake.problem, input.intake.log ?? '', ...input.facts].join('\n'),
      input.account,
    );
    const knowledge = grounding.candidates
      .slice(0, 3)
      .flatMap((c) => this.builtin.kb.causesOf(c).slice(0, 3));
    try {
      const out = await this.ask(StepOutput, nextStepPrompt(input, knowledge));
      const sources = citedSources(out.cites, knowledge, grounding.candidates);
      const step: StepDraft | null = out.done
        ? null
        : {
            kind: out.kind,
            content: {
              text: out.text,
              options: out.kind === 'action' ? [] : out.options,
              ...(out.command ? { command: out.command } : {}),
              ...(out.expected_outcome ? { expected_outcome: out.expected_outcome } : {}),
              ...(out.rationale ? { rationale: out.rationale } : {}),
              sources,
            },
          };
      const factors = [
        `Reported by the ${this.name} model ${this.settings.model}, grounded on ${sources.length} knowledge match(es).`,
      ];
      if (step) step.content.confidence_factors = factors;
      return {
        state: { hosted: true },
        step,
        confidence: Math.round(out.confidence * 100) / 100,
        confidence_factors: factors,
        provider: this.name,
        fallback: false,
        best_match: bestMatch(grounding),
      };
    } catch (err) {
      this.logger.warn('hosted next step failed; using the built-in engine', {
        provider: this.name,
        error: (err as Error).message,
      });
      // The built-in engine starts from the history: steps already tried are skipped.
      const turn = await this.builtin.nextStep({
        ...input,
        state: isBuiltinState(input.state) ? input.state : {},
      });
      return { ...turn, fallback: true };
    }
  }
}

const isBuiltinState = (s: Record<string, unknown>) => typeof s.query === 'string';

/**
 * The sources a hosted step shows: the knowledge lines the model cited (each item once, in the
 * order cited); when it cited none that exist, the best three matches it was given.
 */
function citedSources(
  cites: number[] | undefined,
  knowledge: CauseOption[],
  candidates: Candidate[],
): Source[] {
  const cited = new Map<string, Source>();
  for (const n of cites ?? []) {
    const s = knowledge[n - 1]?.source;
    if (s && !cited.has(`${s.kind}:${s.id}`))
      cited.set(`${s.kind}:${s.id}`, { kind: s.kind, id: s.id, title: s.title });
  }
  if (cited.size) return [...cited.values()];
  return candidates.slice(0, 3).map((c) => ({ kind: c.kind, id: c.id, title: c.title }));
}
