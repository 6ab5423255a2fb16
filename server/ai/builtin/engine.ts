import type { Runbook, RunbookBranch, RunbookStep } from '../runbooks/types';
import { MAX_ASSISTANT_STEPS, type AnsweredStep, type Assessment, type EngineInput, type EngineTurn, type HandoffSnapshot, type Intake, type StepDraft, type Triage } from '../types';
import { assessBuiltin } from './assess';
import { computeConfidence } from './confidence';
import { KnowledgeBase, type Candidate, type PastSessionSearch } from './knowledge';
import { TRIAGE_QUESTIONS } from './triage-questions';
import { tokenize } from './text';

/** What the assistant is waiting for an answer to. */
type Pending =
  | { type: 'runbook_step'; runbook_id: string; step_id: string }
  | { type: 'cause'; runbook_id: string; cause_id: string }
  | { type: 'past'; session_id: string }
  | { type: 'triage'; index: number };

/** The engine's working memory, stored on the session between turns. */
export type EngineState = {
  query: string;
  candidates: Candidate[];
  no_match: boolean;
  runbook_id: string | null;
  pending: Pending | null;
  visited: string[];
  rejected: string[];
  rejected_causes: string[];
  followed: number;
  contradicted: number;
  failed_fixes: number;
  triage_index: number;
  fix_confirmed: boolean;
  finished: 'fixed' | 'exhausted' | 'step_limit' | null;
};

const FIXED = 'fixed';
const NOT_FIXED = 'not_fixed';
// Switch runbooks mid-way only when another one is clearly better, not on every nuance.
const SWITCH_RATIO = 1.15;

export function summarise(problem: string): string {
  const firstLine = problem.trim().split(/\r?\n/).find((l) => l.trim()) ?? problem;
  const clean = firstLine.replace(/\s+/g, ' ').trim();
  const sentence = /^(.{20,}?[.!?])\s/.exec(clean)?.[1] ?? clean;
  const text = sentence.charAt(0).toUpperCase() + sentence.slice(1);
  return text.length <= 120 ? text : `${text.slice(0, 119).trimEnd()}…`;
}

const intakeText = (intake: Intake) => [intake.problem, intake.log ?? ''].join('\n');
const similar = (a: string, b: string) => {
  const x = new Set(tokenize(a));
  const y = new Set(tokenize(b));
  if (!x.size || !y.size) return false;
  let both = 0;
  for (const t of x) if (y.has(t)) both++;
  return both / (x.size + y.size - both) >= 0.6;
};

/** The built-in assistant: retrieval over runbooks and past sessions, runbook decision trees, rules for confidence. */
export class BuiltinEngine {
  readonly name = 'builtin' as const;

  constructor(readonly kb = new KnowledgeBase()) {}

  async triage(intake: Intake): Promise<Triage> {
    const r = await this.kb.retrieve(intakeText(intake));
    const top = r.candidates[0];
    const domain = !r.noMatch && top?.kind === 'runbook' ? this.kb.runbook(top.id)!.domain : 'other';
    return { problem_summary: summarise(intake.problem), problem_domain: domain };
  }

  /** Called once at intake (empty history) and after every answer to the step it proposed. */
  nextStep(input: EngineInput): Promise<EngineTurn> {
    return new TurnRunner(this.kb, input).run();
  }

  assess(snapshot: HandoffSnapshot, searchPast: PastSessionSearch): Promise<Assessment> {
    return assessBuiltin(this.kb, snapshot, searchPast);
  }
}

/** One turn of the engine: its own copy of the state, so concurrent sessions never share memory. */
class TurnRunner {
  private readonly state: EngineState;
  /** Where the tree leads after the last answer; choose() turns it into the next step. */
  private plan: Pending | null = null;

  constructor(
    private readonly kb: KnowledgeBase,
    private readonly input: EngineInput,
  ) {
    this.state = this.load(input);
  }

  async run(): Promise<EngineTurn> {
    const { state, input } = this;
    // The step being answered is the assistant's newest; people's notes may follow it.
    const last = input.history.findLast((h) => h.source === 'assistant');
    if (state.pending && last) await this.absorbAnswer(state, last, input);
    else await this.retrieve(state, input);

    let step: StepDraft | null = null;
    if (!state.finished) {
      if (input.assistantStepCount >= MAX_ASSISTANT_STEPS) state.finished = 'step_limit';
      else step = await this.choose(state, input);
    }
    if (!step) state.pending = null;
    const current = this.currentCandidate(state);
    const runnerUp = state.candidates.find((c) => c !== current && c.id !== current?.id && !state.rejected.includes(c.id));
    const { confidence, factors } = computeConfidence({
      noMatch: state.no_match,
      current,
      runnerUp,
      agreeingPastSessions: state.candidates.filter((c) => c.kind === 'session' && c.runbook_id && c.runbook_id === state.runbook_id).length,
      followed: state.followed,
      contradicted: state.contradicted,
      failedFixes: state.failed_fixes,
      fixConfirmed: state.fix_confirmed,
    });
    if (step) step.content.confidence_factors = factors;
    return { state: state as unknown as Record<string, unknown>, step, confidence, confidence_factors: factors, provider: 'builtin', fallback: false };
  }

  private load(input: EngineInput): EngineState {
    const s = input.state as Partial<EngineState>;
    if (s && typeof s.query === 'string') return structuredClone(s as EngineState);
    return {
      query: intakeText(input.intake),
      candidates: [],
      no_match: true,
      runbook_id: null,
      pending: null,
      visited: [],
      rejected: [],
      rejected_causes: [],
      followed: 0,
      contradicted: 0,
      failed_fixes: 0,
      triage_index: 0,
      fix_confirmed: false,
      finished: null,
    };
  }

  private async retrieve(state: EngineState, input: EngineInput) {
    const r = await this.kb.retrieve(state.query, input.searchPast, new Set(state.rejected));
    // Past sessions keep only what a suggestion step needs, so the stored state stays small.
    state.candidates = r.candidates.map((c) =>
      c.past ? { ...c, past: { ...c.past, problem: '', facts: [] } } : c,
    );
    state.no_match = r.noMatch;
  }

  private currentCandidate(state: EngineState): Candidate | undefined {
    if (state.pending?.type === 'past') return state.candidates.find((c) => c.id === (state.pending as { session_id: string }).session_id);
    return state.candidates.find((c) => c.kind === 'runbook' && c.id === state.runbook_id) ?? (state.runbook_id ? undefined : state.candidates[0]);
  }

  private answerText(step: AnsweredStep): string {
    const a = step.answer;
    const label = a?.option ? step.content.options.find((o) => o.value === a.option)?.label : undefined;
    return [label, a?.text, step.note].filter(Boolean).join('. ');
  }

  private async absorbAnswer(state: EngineState, last: AnsweredStep, input: EngineInput) {
    const pending = state.pending!;
    const said = this.answerText(last);
    if (last.answer?.text || last.note) state.query += `\n${[last.answer?.text, last.note].filter(Boolean).join('. ')}`;

    if (pending.type === 'triage') {
      // Triage option values are written as search terms; free text is added above.
      const option = last.content.options.find((o) => o.value === last.answer?.option);
      if (option) state.query += `\n${option.value}`;
      state.triage_index = pending.index + 1;
      state.pending = null;
      await this.retrieve(state, input);
      return;
    }
    if (pending.type === 'past' || pending.type === 'cause') {
      if (last.answer?.option === FIXED || last.outcome === 'worked') {
        state.fix_confirmed = true;
        state.followed += 1;
        state.finished = 'fixed';
      } else {
        state.failed_fixes += 1;
        if (pending.type === 'past') state.rejected.push(pending.session_id);
        else state.rejected_causes.push(`${pending.runbook_id}:${pending.cause_id}`);
      }
      state.pending = null;
      return;
    }
    // A runbook step.
    const rb = this.kb.runbook(pending.runbook_id);
    const rstep = rb?.steps.find((s) => s.id === pending.step_id);
    state.pending = null;
    if (!rb || !rstep) return;
    const branch = this.branchFor(rstep, last);
    if (!branch) {
      if (said) await this.maybeSwitch(state, input);
      return;
    }
    if ('contradicts' in branch) {
      state.contradicted += 1;
      state.rejected.push(rb.id);
      state.runbook_id = null;
      await this.retrieve(state, input);
      return;
    }
    state.followed += 1;
    this.plan =
      'next' in branch
        ? { type: 'runbook_step', runbook_id: rb.id, step_id: branch.next }
        : { type: 'cause', runbook_id: rb.id, cause_id: branch.resolve };
  }

  private branchFor(step: RunbookStep, answered: AnsweredStep): RunbookBranch | null {
    if (step.kind === 'action') {
      if (answered.outcome === 'worked') return step.on.worked;
      if (answered.outcome === 'failed') return step.on.failed;
      if (answered.outcome === 'partial') return step.on.partial ?? step.on.failed;
      return null;
    }
    const a = answered.answer;
    if (!a || a.skipped) return null;
    const byValue = a.option ? step.options.find((o) => o.value === a.option) : undefined;
    if (byValue) return byValue;
    if (!a.text) return null;
    return this.optionFromText(step.options, a.text);
  }

  /** Free text that clearly picks an option ("yes, webmail works") counts as that option. */
  private optionFromText<T extends { label: string }>(options: T[], text: string): T | null {
    const lead = text.trim().toLowerCase().match(/^(yes|no)\b/)?.[1];
    if (lead) {
      const starting = options.filter((o) => o.label.toLowerCase().startsWith(lead));
      if (starting.length === 1) return starting[0]!;
    }
    const words = new Set(tokenize(text));
    let best: T | null = null;
    let bestShare = 0;
    for (const o of options) {
      const label = tokenize(o.label);
      const share = label.filter((t) => words.has(t)).length / Math.max(1, label.length);
      if (share > bestShare) [best, bestShare] = [o, share];
    }
    return bestShare >= 0.5 ? best : null;
  }

  /** New information in a free-text answer may point at a clearly better runbook. */
  private async maybeSwitch(state: EngineState, input: EngineInput) {
    const currentScore = state.candidates.find((c) => c.id === state.runbook_id)?.score ?? 0;
    await this.retrieve(state, input);
    const best = state.candidates[0];
    const now = state.candidates.find((c) => c.id === state.runbook_id);
    if (best && best.kind === 'runbook' && best.id !== state.runbook_id && best.score > SWITCH_RATIO * Math.max(currentScore, now?.score ?? 0)) {
      state.runbook_id = null;
    }
  }

  private async choose(state: EngineState, input: EngineInput): Promise<StepDraft | null> {
    const plan = this.plan;
    this.plan = null;
    if (plan?.type === 'cause') {
      const draft = this.causeStep(state, plan.runbook_id, plan.cause_id);
      if (draft) return draft;
    }
    if (plan?.type === 'runbook_step') {
      const draft = this.runbookStep(state, plan.runbook_id, plan.step_id, input.history);
      if (draft) return draft;
    }
    // Continue the runbook being followed, then the best candidate not yet ruled out.
    if (state.runbook_id) {
      const draft = this.nextUnvisited(state, state.runbook_id, input.history);
      if (draft) return draft;
      state.rejected.push(state.runbook_id);
      state.runbook_id = null;
    }
    if (!state.no_match) {
      for (const c of state.candidates) {
        if (state.rejected.includes(c.id)) continue;
        if (c.kind === 'session') {
          if (c.past?.root_cause) return this.pastStep(state, c, c.past);
          continue;
        }
        const draft = this.nextUnvisited(state, c.id, input.history);
        if (draft) return draft;
        state.rejected.push(c.id);
      }
    }
    if (state.triage_index < TRIAGE_QUESTIONS.length && state.followed === 0) {
      const q = structuredClone(TRIAGE_QUESTIONS[state.triage_index]!);
      state.pending = { type: 'triage', index: state.triage_index };
      return q;
    }
    state.finished = 'exhausted';
    return null;
  }

  private sourcesFor(rb: Runbook) {
    return [{ kind: 'runbook' as const, id: rb.id, title: rb.title }];
  }

  private runbookStep(state: EngineState, runbookId: string, stepId: string, history: AnsweredStep[]): StepDraft | null {
    const rb = this.kb.runbook(runbookId);
    const step = rb?.steps.find((s) => s.id === stepId);
    if (!rb || !step) return null;
    const key = `${rb.id}:${step.id}`;
    if (state.visited.includes(key) || this.alreadyTried(step, history)) {
      if (!state.visited.includes(key)) state.visited.push(key);
      return this.nextUnvisited(state, rb.id, history);
    }
    state.visited.push(key);
    state.runbook_id = rb.id;
    state.pending = { type: 'runbook_step', runbook_id: rb.id, step_id: step.id };
    const rationale = `From the runbook “${rb.title}”.`;
    if (step.kind === 'question') {
      return {
        kind: 'question',
        content: { text: step.text, options: step.options.map((o) => ({ label: o.label, value: o.value })), rationale, sources: this.sourcesFor(rb) },
      };
    }
    return {
      kind: 'action',
      content: {
        text: step.text,
        options: [],
        ...(step.command ? { command: step.command } : {}),
        expected_outcome: step.expected_outcome,
        rationale,
        sources: this.sourcesFor(rb),
      },
    };
  }

  /** Skips steps whose check was already done in this session, whichever runbook asked it. */
  private alreadyTried(step: RunbookStep, history: AnsweredStep[]) {
    return history.some(
      (h) =>
        (h.answer !== null || h.outcome !== null) &&
        (similar(h.content.text, step.text) || (step.kind === 'action' && !!step.command && h.content.command === step.command)),
    );
  }

  private nextUnvisited(state: EngineState, runbookId: string, history: AnsweredStep[]): StepDraft | null {
    const rb = this.kb.runbook(runbookId);
    if (!rb) return null;
    for (const s of rb.steps) {
      const key = `${rb.id}:${s.id}`;
      if (state.visited.includes(key)) continue;
      if (this.alreadyTried(s, history)) {
        state.visited.push(key);
        continue;
      }
      return this.runbookStep(state, rb.id, s.id, history);
    }
    return null;
  }

  private causeStep(state: EngineState, runbookId: string, causeId: string): StepDraft | null {
    const rb = this.kb.runbook(runbookId);
    const cause = rb?.causes.find((c) => c.id === causeId);
    if (!rb || !cause || state.rejected_causes.includes(`${rb.id}:${cause.id}`)) return null;
    state.runbook_id = rb.id;
    state.pending = { type: 'cause', runbook_id: rb.id, cause_id: cause.id };
    return {
      kind: 'resolution_suggestion',
      content: {
        text: `Likely cause: ${cause.text} Suggested fix: ${cause.fix}`,
        options: [
          { label: 'This fixed it', value: FIXED },
          { label: 'Did not fix it', value: NOT_FIXED },
        ],
        cause: cause.text,
        fix: cause.fix,
        verification: rb.verification,
        rationale: `The answers so far lead to this cause in “${rb.title}”.`,
        sources: this.sourcesFor(rb),
      },
    };
  }

  private pastStep(state: EngineState, c: Candidate, past: NonNullable<Candidate['past']>): StepDraft {
    state.pending = { type: 'past', session_id: c.id };
    if (past.runbook_id) state.runbook_id = past.runbook_id;
    return {
      kind: 'resolution_suggestion',
      content: {
        text: `A similar problem in this account (“${past.problem_summary}”) was caused by: ${past.root_cause} It was fixed by: ${past.resolution_summary ?? 'see that session'}. Does the same fix work here?`,
        options: [
          { label: 'This fixed it', value: FIXED },
          { label: 'Did not fix it', value: NOT_FIXED },
        ],
        cause: past.root_cause ?? undefined,
        fix: past.resolution_summary ?? undefined,
        rationale: 'A resolved session of this account matches the description.',
        sources: [{ kind: 'session', id: past.id, title: past.problem_summary }],
      },
    };
  }
}
