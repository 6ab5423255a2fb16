import { CAUSE_VERDICT } from '../../../shared/sessions';
import type { Runbook, RunbookBranch, RunbookStep } from '../runbooks/types';
import {
  MAX_ASSISTANT_STEPS,
  type AnsweredStep,
  type EngineInput,
  type EngineTurn,
  type LikelyCause,
  type StepDraft,
} from '../types';
import { computeConfidence } from './confidence';
import { asksFor, extractIntakeFacts, intakeGives, optionForScope, type IntakeFacts } from './intake-facts';
import { bestMatch, type Candidate, type KnowledgeBase } from './knowledge';
import {
  followsDomain,
  isPartialMatch,
  problemDomain,
  rankLikelyCauses,
  relevantCandidates,
} from './likely-causes';
import { tokenize } from './text';
import { TRIAGE_DOMAINS, triageQuestions } from './triage-questions';

/** What the assistant is waiting for an answer to. */
type Pending =
  | { type: 'runbook_step'; runbook_id: string; step_id: string }
  | { type: 'cause'; runbook_id: string; cause_id: string }
  | { type: 'likely'; key: string }
  | { type: 'past'; session_id: string }
  | { type: 'triage'; index: number };

/** The engine's working memory, stored on the session between turns. */
export type EngineState = {
  query: string;
  /** What the intake already says (codes, product, scope, since, tried): never asked again. */
  intake_facts: IntakeFacts;
  /** The problem's domain, set by the first match; follow-ups stay in it unless evidence moves it. */
  domain: string | null;
  candidates: Candidate[];
  no_match: boolean;
  runbook_id: string | null;
  pending: Pending | null;
  visited: string[];
  rejected: string[];
  /** Likely causes ruled out, by key (`runbook:<id>:<cause>`, `known_issue:<id>:cause`, …). */
  rejected_causes: string[];
  followed: number;
  contradicted: number;
  failed_fixes: number;
  triage_index: number;
  fix_confirmed: boolean;
  finished: 'fixed' | 'exhausted' | 'step_limit' | null;
  /** The account's own runbooks met so far: the shared index holds only shipped ones. */
  own_runbooks?: Record<string, Runbook>;
};

export const FIXED = 'fixed';
const MATCH_NOUN: Partial<Record<Candidate['kind'], string>> = {
  article: 'this account’s article',
  psa_ticket: 'this account’s PSA ticket',
};
const NOT_FIXED = 'not_fixed';
// Switch runbooks mid-way only when another one is clearly better, not on every nuance.
const SWITCH_RATIO = 1.15;
const FIX_OPTIONS = [
  { label: 'This fixed it', value: FIXED },
  { label: 'Did not fix it', value: NOT_FIXED },
];

export const intakeText = (intake: EngineInput['intake']) => [intake.problem, intake.log ?? ''].join('\n');
const isVerdict = (h: AnsweredStep) => !!h.answer?.option && CAUSE_VERDICT.test(h.answer.option);
const causeKey = (runbookId: string, causeId: string) => `runbook:${runbookId}:${causeId}`;
const similar = (a: string, b: string) => {
  const x = new Set(tokenize(a));
  const y = new Set(tokenize(b));
  if (!x.size || !y.size) return false;
  let both = 0;
  for (const t of x) if (y.has(t)) both++;
  return both / (x.size + y.size - both) >= 0.6;
};

/** One turn of the engine: its own copy of the state, so concurrent sessions never share memory. */
export class TurnRunner {
  private readonly state: EngineState;
  /** Where the tree leads after the last answer; choose() turns it into the next step. */
  private plan: Pending | null = null;
  /** Why a question was not asked (the intake already answered it), shown with the next step. */
  private readonly inferred: string[] = [];

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
    if (last && isVerdict(last)) await this.absorbVerdict(state, last);
    else if (state.pending && last) await this.absorbAnswer(state, last);
    else await this.retrieve(state);

    let step: StepDraft | null = null;
    if (!state.finished) {
      if (input.assistantStepCount >= MAX_ASSISTANT_STEPS) state.finished = 'step_limit';
      else step = await this.choose(state, input);
    }
    if (!step) state.pending = null;
    const current = this.currentCandidate(state);
    const runnerUp = state.candidates.find(
      (c) => c !== current && c.id !== current?.id && !state.rejected.includes(c.id),
    );
    const { confidence, factors } = computeConfidence({
      noMatch: state.no_match,
      current,
      runnerUp,
      agreeingPastSessions: state.candidates.filter(
        (c) => c.kind === 'session' && c.runbook_id && c.runbook_id === state.runbook_id,
      ).length,
      followed: state.followed,
      contradicted: state.contradicted,
      failedFixes: state.failed_fixes,
      fixConfirmed: state.fix_confirmed,
    });
    if (step) {
      step.content.confidence_factors = factors;
      if (state.no_match) step.content.no_match = true;
      else step.content.likely_causes = this.likelyCauses();
      if (this.inferred.length)
        step.content.rationale = [...this.inferred, step.content.rationale].filter(Boolean).join(' ');
    }
    return {
      state: state as unknown as Record<string, unknown>,
      step,
      confidence,
      confidence_factors: factors,
      provider: 'builtin',
      fallback: false,
      best_match: bestMatch({ candidates: state.candidates, noMatch: state.no_match }),
    };
  }

  private load(input: EngineInput): EngineState {
    const s = input.state as Partial<EngineState>;
    if (s && typeof s.query === 'string') {
      // Sessions started before the intake was parsed get their facts and domain now.
      return {
        intake_facts: extractIntakeFacts(intakeText(input.intake)),
        domain: null,
        ...structuredClone(s),
      } as EngineState;
    }
    return {
      query: intakeText(input.intake),
      intake_facts: extractIntakeFacts(intakeText(input.intake)),
      domain: null,
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

  private async retrieve(state: EngineState) {
    const r = await this.kb.retrieve(state.query, this.input.account, new Set(state.rejected));
    state.no_match = r.noMatch;
    if (!r.noMatch) state.domain = problemDomain(r.candidates, state.domain);
    // Only what speaks for this problem stays (a weak match from another domain is not evidence), and
    // past sessions keep only what a suggestion step needs, so the stored state stays small.
    const kept = r.noMatch ? r.candidates : relevantCandidates(r, state.domain);
    state.candidates = kept.map((c) => (c.past ? { ...c, past: { ...c.past, problem: '', facts: [] } } : c));
    for (const c of kept) if (c.runbook) (state.own_runbooks ??= {})[c.id] = c.runbook;
  }

  /** The account's copy first: it replaces the shipped runbook of the same id. */
  private runbook(id: string): Runbook | undefined {
    return this.state.own_runbooks?.[id] ?? this.kb.runbook(id);
  }

  private likelyCauses(): LikelyCause[] {
    return rankLikelyCauses(
      this.kb,
      this.state.candidates,
      this.state.query,
      new Set(this.state.rejected_causes),
    );
  }

  private currentCandidate(state: EngineState): Candidate | undefined {
    const p = state.pending;
    if (p?.type === 'past') return state.candidates.find((c) => c.id === p.session_id);
    if (p?.type === 'likely') return state.candidates.find((c) => p.key.split(':')[1] === c.id);
    return (
      state.candidates.find((c) => c.kind === 'runbook' && c.id === state.runbook_id) ??
      (state.runbook_id ? undefined : state.candidates[0])
    );
  }

  private answerText(step: AnsweredStep): string {
    const a = step.answer;
    const label = a?.option ? step.content.options.find((o) => o.value === a.option)?.label : undefined;
    return [label, a?.text, step.note].filter(Boolean).join('. ');
  }

  /** "This fixed it" / "Not this" on one of the likely causes shown with a step. */
  private async absorbVerdict(state: EngineState, last: AnsweredStep) {
    const [, verdict, key] = CAUSE_VERDICT.exec(last.answer!.option!)!;
    if (verdict === 'fixed') {
      state.fix_confirmed = true;
      state.followed += 1;
      state.finished = 'fixed';
      state.pending = null;
      return;
    }
    state.failed_fixes += 1;
    if (!state.rejected_causes.includes(key!)) state.rejected_causes.push(key!);
    // The step the verdict was given on is still unanswered: offer it again with the new ranking.
    const pending = state.pending;
    state.pending = null;
    if (pending?.type === 'runbook_step') {
      state.visited = state.visited.filter((v) => v !== `${pending.runbook_id}:${pending.step_id}`);
      this.plan = pending;
    } else if (pending?.type === 'triage') {
      this.plan = null;
      state.triage_index = pending.index;
    }
  }

  private async absorbAnswer(state: EngineState, last: AnsweredStep) {
    const pending = state.pending!;
    const said = this.answerText(last);
    if (last.answer?.text || last.note)
      state.query += `\n${[last.answer?.text, last.note].filter(Boolean).join('. ')}`;

    if (pending.type === 'triage') {
      // Triage option values are written as search terms; free text is added above.
      const option = last.content.options.find((o) => o.value === last.answer?.option);
      if (option) state.query += `\n${option.value}`;
      if (option && TRIAGE_DOMAINS[option.value]) state.domain = TRIAGE_DOMAINS[option.value]!;
      state.triage_index = pending.index + 1;
      state.pending = null;
      await this.retrieve(state);
      return;
    }
    if (pending.type === 'past' || pending.type === 'cause' || pending.type === 'likely') {
      if (last.answer?.option === FIXED || last.outcome === 'worked') {
        state.fix_confirmed = true;
        state.followed += 1;
        state.finished = 'fixed';
      } else {
        state.failed_fixes += 1;
        if (pending.type === 'past') state.rejected.push(pending.session_id);
        else
          state.rejected_causes.push(
            pending.type === 'likely' ? pending.key : causeKey(pending.runbook_id, pending.cause_id),
          );
        // What the tech wrote instead is new evidence.
        if (last.answer?.text || last.note) await this.retrieve(state);
      }
      state.pending = null;
      return;
    }
    // A runbook step.
    const rb = this.runbook(pending.runbook_id);
    const rstep = rb?.steps.find((s) => s.id === pending.step_id);
    state.pending = null;
    if (!rb || !rstep) return;
    const branch = this.branchFor(rstep, last);
    if (!branch) {
      if (said) await this.maybeSwitch(state);
      return;
    }
    this.follow(state, rb, branch);
    if (branch.contradicts) await this.retrieve(state);
  }

  /** Applies one branch of the tree: the next step, a cause to propose, or leaving the runbook. */
  private follow(state: EngineState, rb: Runbook, branch: RunbookBranch) {
    if (branch.contradicts) {
      state.contradicted += 1;
      state.rejected.push(rb.id);
      state.runbook_id = null;
      return;
    }
    state.followed += 1;
    this.plan = branch.next
      ? { type: 'runbook_step', runbook_id: rb.id, step_id: branch.next }
      : { type: 'cause', runbook_id: rb.id, cause_id: branch.resolve! };
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
    const lead = text
      .trim()
      .toLowerCase()
      .match(/^(yes|no)\b/)?.[1];
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
  private async maybeSwitch(state: EngineState) {
    const currentScore = state.candidates.find((c) => c.id === state.runbook_id)?.score ?? 0;
    await this.retrieve(state);
    const best = state.candidates[0];
    const now = state.candidates.find((c) => c.id === state.runbook_id);
    if (
      best &&
      best.kind === 'runbook' &&
      best.id !== state.runbook_id &&
      best.score > SWITCH_RATIO * Math.max(currentScore, now?.score ?? 0)
    ) {
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
    // Continue the runbook being followed, then the best candidate of this problem not yet ruled out.
    if (state.runbook_id) {
      const draft = this.nextUnvisited(state, state.runbook_id, input.history);
      if (draft) return draft;
      state.rejected.push(state.runbook_id);
      state.runbook_id = null;
    }
    if (!state.no_match) {
      for (const c of state.candidates) {
        if (state.rejected.includes(c.id) || !followsDomain(c, state.domain)) continue;
        if (c.kind === 'session') {
          if (c.past?.root_cause) return this.pastStep(state, c, c.past);
          continue;
        }
        if (c.kind === 'runbook') {
          const draft = this.nextUnvisited(state, c.id, input.history);
          if (draft) return draft;
          state.rejected.push(c.id);
          continue;
        }
        const draft = this.likelyStep(state, c);
        if (draft) return draft;
        state.rejected.push(c.id);
      }
    }
    const triage = triageQuestions(state.no_match);
    while (state.triage_index < triage.length && state.followed === 0) {
      const q = structuredClone(triage[state.triage_index]!);
      if (asksFor(q.content.text).some((ask) => intakeGives(state.intake_facts, ask))) {
        state.triage_index += 1;
        continue;
      }
      state.pending = { type: 'triage', index: state.triage_index };
      if (state.no_match) {
        q.content.rationale =
          'The built-in knowledge has nothing that matches this description yet. Each answer is added to what it searches with.';
      }
      return q;
    }
    state.finished = 'exhausted';
    return null;
  }

  private sourcesFor(rb: Runbook) {
    return [{ kind: 'runbook' as const, id: rb.id, title: rb.title }];
  }

  private runbookStep(
    state: EngineState,
    runbookId: string,
    stepId: string,
    history: AnsweredStep[],
  ): StepDraft | null {
    const rb = this.runbook(runbookId);
    const step = rb?.steps.find((s) => s.id === stepId);
    if (!rb || !step) return null;
    const key = `${rb.id}:${step.id}`;
    if (state.visited.includes(key) || this.alreadyTried(step, history)) {
      if (!state.visited.includes(key)) state.visited.push(key);
      return this.nextUnvisited(state, rb.id, history);
    }
    state.visited.push(key);
    if (step.kind === 'question') {
      const given = asksFor(step.text).filter((ask) => intakeGives(state.intake_facts, ask));
      if (given.length) return this.answeredByIntake(state, rb, step, given, history);
    }
    state.runbook_id = rb.id;
    state.pending = { type: 'runbook_step', runbook_id: rb.id, step_id: step.id };
    const rationale = `From the runbook “${rb.title}”.`;
    if (step.kind === 'question') {
      return {
        kind: 'question',
        content: {
          text: step.text,
          options: step.options.map((o) => ({ label: o.label, value: o.value })),
          rationale,
          sources: this.sourcesFor(rb),
        },
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

  /**
   * A question the intake already answers is not asked: a scope question follows the branch the
   * stated scope picks; any other (error code, since when, which product) is passed over.
   */
  private answeredByIntake(
    state: EngineState,
    rb: Runbook,
    step: Extract<RunbookStep, { kind: 'question' }>,
    given: string[],
    history: AnsweredStep[],
  ): StepDraft | null {
    const option = given.includes('scope')
      ? optionForScope(state.intake_facts.scope, step.options)
      : undefined;
    this.inferred.push(
      option
        ? `Not asking “${step.text}”: the description answers it (${option.label}).`
        : `Not asking “${step.text}”: the description already says it.`,
    );
    if (option) {
      this.follow(state, rb, option);
      const plan = this.plan;
      this.plan = null;
      if (plan?.type === 'runbook_step') return this.runbookStep(state, rb.id, plan.step_id, history);
      if (plan?.type === 'cause') return this.causeStep(state, rb.id, plan.cause_id);
      return null;
    }
    return this.nextUnvisited(state, rb.id, history);
  }

  /** Skips steps whose check was already done in this session, whichever runbook asked it. */
  private alreadyTried(step: RunbookStep, history: AnsweredStep[]) {
    return history.some(
      (h) =>
        (h.answer !== null || h.outcome !== null) &&
        !isVerdict(h) &&
        (similar(h.content.text, step.text) ||
          (step.kind === 'action' && !!step.command && h.content.command === step.command)),
    );
  }

  private nextUnvisited(state: EngineState, runbookId: string, history: AnsweredStep[]): StepDraft | null {
    const rb = this.runbook(runbookId);
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
    const rb = this.runbook(runbookId);
    const cause = rb?.causes.find((c) => c.id === causeId);
    if (!rb || !cause || state.rejected_causes.includes(causeKey(rb.id, cause.id))) return null;
    state.runbook_id = rb.id;
    state.pending = { type: 'cause', runbook_id: rb.id, cause_id: cause.id };
    return {
      kind: 'resolution_suggestion',
      content: {
        text: `Likely cause: ${cause.text} Suggested fix: ${cause.fix}`,
        options: FIX_OPTIONS,
        cause: cause.text,
        fix: cause.fix,
        verification: rb.verification,
        rationale: `The answers so far lead to this cause in “${rb.title}”.`,
        sources: this.sourcesFor(rb),
      },
    };
  }

  /** A known issue or error code: propose its best cause not yet ruled out, with the fix. */
  private likelyStep(state: EngineState, c: Candidate): StepDraft | null {
    const option = this.kb.causesOf(c).find((o) => !state.rejected_causes.includes(o.key));
    if (!option) return null;
    state.pending = { type: 'likely', key: option.key };
    const matched = `${MATCH_NOUN[c.kind] ?? 'the known issue'} “${c.title}”`;
    const partial = isPartialMatch(c);
    return {
      kind: 'resolution_suggestion',
      content: {
        text: `${partial ? 'Possible cause (a partial match: check it fits)' : 'Likely cause'}: ${option.cause} Suggested fix: ${option.fix}`,
        options: FIX_OPTIONS,
        ...(option.command ? { command: option.command } : {}),
        cause: option.cause,
        fix: option.fix,
        ...(option.verification ? { verification: option.verification } : {}),
        rationale: c.error_codes.length
          ? `The pasted code ${c.error_codes.join(', ')} matches “${c.title}” exactly.`
          : partial
            ? `The description matches ${matched} only in part: it may be about something else.`
            : `The description matches ${matched}.`,
        sources: [option.source],
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
        options: FIX_OPTIONS,
        cause: past.root_cause ?? undefined,
        fix: past.resolution_summary ?? undefined,
        rationale: 'A resolved session of this account matches the description.',
        sources: [{ kind: 'session', id: past.id, title: past.problem_summary }],
      },
    };
  }
}
