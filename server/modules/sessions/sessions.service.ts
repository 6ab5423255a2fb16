import {
  CAUSE_VERDICT,
  confidenceTier,
  type Outcome,
  type Priority,
  type SessionStatus,
} from '../../../shared/sessions';
import { isSenior } from '../../../shared/roles';
import { accountKnowledge } from '../knowledge/account-search';
import type { AccountKnowledge } from '../../ai/builtin/knowledge';
import type { AnsweredStep, AssistantProvider, EngineTurn, Intake } from '../../ai/types';
import { withTenant } from '../../db/tenant';
import type { Queryable } from '../../db/types';
import { badRequest, conflict, notFound } from '../../lib/app-error';
import { newId } from '../../lib/crypto';
import type { Ctx } from '../context';
import { appendEvent } from '../events/events.repo';
import { markFirstAction, resolveOpenFor } from '../handoffs/handoffs.repo';
import { isPsaTicketNumber } from '../psa/provider';
import { enqueuePsaResolution } from '../psa/psa-outbox.repo';
import { enqueueSlackAppUpdate } from '../slack/slack-outbox';
import { hoursSpent } from './notes';
import * as repo from './sessions.repo';
import {
  assertMayAct,
  assertMayCreate,
  assertMayRead,
  invalidTransition,
  TRANSITIONS,
  WORKABLE,
  type TransitionName,
} from './sessions.permissions';

export type SessionDeps = { assistant: AssistantProvider };
export type SessionView = {
  session: repo.SessionRow;
  steps: repo.StepRow[];
  facts: repo.FactRow[];
  current_step: repo.StepRow | null;
};

const ANSWERABLE = new Set(['question', 'action', 'resolution_suggestion']);

/** The step waiting for an answer: the assistant's newest step, if nobody answered it yet (notes may follow it). */
export function currentStep(steps: repo.StepRow[]) {
  const last = steps.findLast((s) => s.source === 'assistant');
  return last && !last.answered_at && ANSWERABLE.has(last.kind) ? last : null;
}

/** The session with its steps and facts, read in the caller's transaction (404 when not in the account). */
export async function loadView(tx: Queryable, accountId: string, id: string): Promise<SessionView> {
  const session = await repo.findSession(tx, accountId, id);
  if (!session) throw notFound('Session');
  const [steps, facts] = [await repo.listSteps(tx, accountId, id), await repo.listFacts(tx, accountId, id)];
  return { session, steps, facts, current_step: currentStep(steps) };
}

const ownKnowledge = (ctx: Ctx): AccountKnowledge => accountKnowledge(ctx.db, ctx.actor.accountId);

const toHistory = (steps: repo.StepRow[]): AnsweredStep[] =>
  steps.map((s) => ({
    kind: s.kind,
    source: s.source,
    content: s.content,
    answer: s.answer,
    outcome: s.outcome,
    note: s.note,
  }));

export type CreateSessionInput = Intake & { priority?: Priority };

export async function createSession(
  ctx: Ctx,
  deps: SessionDeps,
  input: CreateSessionInput,
): Promise<SessionView> {
  assertMayCreate(ctx.actor.role);
  const intake: Intake = {
    problem: input.problem,
    ticket: input.ticket ?? null,
    client: input.client ?? null,
    asset: input.asset ?? null,
    log: input.log ?? null,
  };
  // The assistant runs before the write transaction: a slow hosted model never holds a database lock.
  const triage = await deps.assistant.triage(intake);
  const turn = await deps.assistant.nextStep({
    intake,
    state: {},
    history: [],
    facts: [],
    assistantStepCount: 0,
    account: ownKnowledge(ctx),
  });
  const { accountId } = ctx.actor;
  const id = newId();
  return withTenant(ctx.db, accountId, async (tx) => {
    await repo.insertSession(tx, {
      id,
      account_id: accountId,
      user_id: ctx.actor.id,
      intake,
      problem_summary: triage.problem_summary,
      problem_domain: triage.problem_domain,
      priority: input.priority ?? 'p3',
      confidence: turn.confidence,
      confidence_tier: confidenceTier(turn.confidence),
      engine_state: engineState(turn),
      best_match: turn.best_match ?? null,
      now: ctx.now,
    });
    await insertAssistantStep(tx, accountId, id, turn, ctx.now);
    return loadView(tx, accountId, id);
  });
}

function engineState(turn: EngineTurn) {
  return {
    ...turn.state,
    provider: turn.provider,
    fallback: turn.fallback,
    confidence_factors: turn.confidence_factors,
  };
}

async function insertAssistantStep(
  tx: Queryable,
  accountId: string,
  sessionId: string,
  turn: EngineTurn,
  now: Date,
) {
  if (!turn.step) return;
  await repo.insertStep(tx, {
    id: newId(),
    accountId,
    sessionId,
    kind: turn.step.kind,
    content: { ...turn.step.content, provider: turn.provider, fallback: turn.fallback },
    source: 'assistant',
    confidence: turn.confidence,
    now,
  });
}

export function getSession(ctx: Ctx, id: string): Promise<SessionView> {
  return withTenant(ctx.db, ctx.actor.accountId, async (tx) => {
    const view = await loadView(tx, ctx.actor.accountId, id);
    assertMayRead(ctx.actor, view.session);
    return view;
  });
}

export function listSessions(
  ctx: Ctx,
  f: { scope: 'mine' | 'account'; status?: SessionStatus[]; limit: number },
) {
  const { actor } = ctx;
  return withTenant(ctx.db, actor.accountId, (tx) =>
    repo.listSessions(tx, actor.accountId, {
      statuses: f.status,
      limit: f.limit,
      ...(f.scope === 'mine' ? { ownerId: actor.id } : {}),
      ...(f.scope === 'account' && !isSenior(actor.role) && actor.role !== 'viewer'
        ? { visibleToTech: actor.id }
        : {}),
    }),
  );
}

/** Reads the session, checks the caller may work it now, and returns the view. */
async function loadForWork(ctx: Ctx, id: string, action: string): Promise<SessionView> {
  const view = await getSession(ctx, id);
  assertWorkable(ctx, view.session, action);
  return view;
}

function assertWorkable(ctx: Ctx, session: repo.SessionRow, action: string) {
  assertMayAct(ctx.actor, session);
  if (!WORKABLE.includes(session.status)) throw invalidTransition(action, session.status);
}

/**
 * The session row alone, read in the caller's write transaction, with the checks of `getSession`
 * (404 outside the account, 403 for who may not read it). Writes that need no engine turn use it
 * instead of a transaction of their own that read the whole timeline first.
 */
async function findForWrite(ctx: Ctx, tx: Queryable, id: string): Promise<repo.SessionRow> {
  const session = await repo.findSession(tx, ctx.actor.accountId, id);
  if (!session) throw notFound('Session');
  assertMayRead(ctx.actor, session);
  return session;
}

/** "This fixed it" / "Not this" on one of the likely causes the step shows: `fixed:<id>` or `not:<id>`. */
function causeVerdict(step: repo.StepRow, value: string): { value: string; label: string } | undefined {
  const m = CAUSE_VERDICT.exec(value);
  const cause = m && step.content.likely_causes?.find((c) => c.id === m[2]);
  if (!m || !cause) return undefined;
  return { value, label: `${m[1] === 'fixed' ? 'This fixed it' : 'Not this'}: ${cause.cause}` };
}

export type AnswerInput = {
  option?: string;
  text?: string;
  skipped?: boolean;
  outcome?: Outcome;
  note?: string;
};

function validateAnswer(step: repo.StepRow, a: AnswerInput): repo.StepRow['answer'] {
  const given = [a.option !== undefined, a.text !== undefined, a.skipped === true].filter(Boolean).length;
  const verdict = a.option !== undefined ? causeVerdict(step, a.option) : undefined;
  if (verdict) {
    if (given !== 1 || a.outcome)
      throw badRequest('A verdict on a likely cause is given alone, without text or outcome');
    return { option: verdict.value, label: verdict.label };
  }
  if (step.kind === 'action') {
    if (!a.outcome && !a.skipped)
      throw badRequest('An action needs an outcome: worked, failed, partial or not_run');
    return a.skipped ? { skipped: true } : a.text ? { text: a.text } : null;
  }
  if (a.outcome) throw badRequest('Only actions take an outcome');
  if (given !== 1) throw badRequest('Answer with exactly one of option, text or skipped');
  if (a.option !== undefined) {
    const option = step.content.options.find((o) => o.value === a.option);
    if (!option)
      throw badRequest(`"${a.option}" is not one of this step's options`, {
        options: step.content.options.map((o) => o.value),
      });
    return { option: option.value, label: option.label };
  }
  return a.skipped ? { skipped: true } : { text: a.text };
}

export async function answerStep(
  ctx: Ctx,
  deps: SessionDeps,
  sessionId: string,
  stepId: string,
  input: AnswerInput,
) {
  const view = await loadForWork(ctx, sessionId, 'answer steps in');
  const step = view.steps.find((s) => s.id === stepId);
  if (!step) throw notFound('Step');
  if (!view.current_step || view.current_step.id !== stepId) {
    throw conflict('STEP_NOT_CURRENT', 'This step was already answered or is no longer the current step', {
      current_step_id: view.current_step?.id ?? null,
    });
  }
  const answer = validateAnswer(step, input);
  const outcome = step.kind === 'action' ? (input.skipped ? 'not_run' : (input.outcome ?? null)) : null;
  const note = input.note ?? null;
  const history = toHistory(view.steps);
  const index = view.steps.findIndex((s) => s.id === stepId);
  history[index] = { ...history[index]!, answer, outcome, note };
  const assistantSteps = view.steps.filter((s) => s.source === 'assistant').length;
  const { session } = view;
  const turn = await deps.assistant.nextStep({
    intake: session.intake,
    state: session.engine_state,
    history,
    facts: view.facts.map((f) => f.text),
    assistantStepCount: assistantSteps,
    account: ownKnowledge(ctx),
  });
  const { accountId } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) => {
    const recorded = await repo.answerStep(tx, accountId, stepId, {
      answer,
      outcome,
      note,
      actorUserId: ctx.actor.id,
      now: ctx.now,
    });
    if (!recorded) throw conflict('STEP_NOT_CURRENT', 'This step was answered a moment ago by someone else');
    await markFirstAction(tx, accountId, sessionId, ctx.actor.id, ctx.now);
    await repo.updateEngineResult(tx, accountId, sessionId, {
      engine_state: engineState(turn),
      confidence: turn.confidence,
      confidence_tier: confidenceTier(turn.confidence),
      now: ctx.now,
    });
    await insertAssistantStep(tx, accountId, sessionId, turn, ctx.now);
    return loadView(tx, accountId, sessionId);
  });
}

/**
 * "Ask the assistant": when no step is waiting, the assistant proposes one. The engine gets another
 * go at its candidates (steps already tried are skipped); if it has nothing left, the escalation's
 * assessment is turned into a briefing so the person working the session still gets a direction.
 */
export async function askAssistant(ctx: Ctx, deps: SessionDeps, sessionId: string): Promise<SessionView> {
  const view = await loadForWork(ctx, sessionId, 'ask the assistant in');
  // A step waiting for an answer, or a briefing just given, is the assistant's answer already.
  if (view.current_step || view.steps.at(-1)?.kind === 'briefing') return view;
  const { session } = view;
  const turn = await deps.assistant.nextStep({
    intake: session.intake,
    state: { ...session.engine_state, finished: null, pending: null },
    history: toHistory(view.steps),
    facts: view.facts.map((f) => f.text),
    assistantStepCount: view.steps.filter((s) => s.source === 'assistant').length,
    account: ownKnowledge(ctx),
  });
  const { accountId } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) => {
    if (turn.step) {
      await repo.updateEngineResult(tx, accountId, sessionId, {
        engine_state: engineState(turn),
        confidence: turn.confidence,
        confidence_tier: confidenceTier(turn.confidence),
        now: ctx.now,
      });
      await insertAssistantStep(tx, accountId, sessionId, turn, ctx.now);
    } else {
      const assessment = await repo.latestReadyAssessment(tx, accountId, sessionId);
      const text = assessment
        ? `Likely cause: ${assessment.likely_cause}\nSuggested next steps:\n${assessment.suggested_steps.map((s, i) => `${i + 1}. ${s}`).join('\n')}`
        : 'The assistant has no further suggestions from its knowledge. Record what you check as notes and facts, then resolve.';
      await repo.insertStep(tx, {
        id: newId(),
        accountId,
        sessionId,
        kind: 'briefing',
        content: { text, options: [], sources: assessment?.sources ?? [] },
        source: 'assistant',
        confidence: session.confidence,
        now: ctx.now,
      });
      await repo.touchSession(tx, accountId, sessionId, ctx.now);
    }
    return loadView(tx, accountId, sessionId);
  });
}

/** A note written by a person into the timeline (counts as an action of theirs). */
export async function addNote(ctx: Ctx, sessionId: string, text: string) {
  const { accountId } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) => {
    assertWorkable(ctx, await findForWrite(ctx, tx, sessionId), 'add notes to');
    await repo.insertStep(tx, {
      id: newId(),
      accountId,
      sessionId,
      kind: 'note',
      content: { text, options: [], sources: [] },
      source: 'user',
      confidence: null,
      actorUserId: ctx.actor.id,
      answeredAt: ctx.now,
      now: ctx.now,
    });
    await repo.touchSession(tx, accountId, sessionId, ctx.now);
    await markFirstAction(tx, accountId, sessionId, ctx.actor.id, ctx.now);
    return loadView(tx, accountId, sessionId);
  });
}

/** Adds a fact, either in the caller's words or promoted from an answered step. */
export async function addFact(ctx: Ctx, sessionId: string, input: { text?: string; step_id?: string }) {
  const { accountId } = ctx.actor;
  const id = newId();
  return withTenant(ctx.db, accountId, async (tx) => {
    assertWorkable(ctx, await findForWrite(ctx, tx, sessionId), 'add facts to');
    let text = input.text?.trim();
    if (input.step_id) {
      // Only a promotion needs the timeline; a fact in the caller's words does not.
      const step = (await repo.listSteps(tx, accountId, sessionId)).find((s) => s.id === input.step_id);
      if (!step) throw notFound('Step');
      if (!step.answered_at) throw badRequest('Only an answered step can be promoted to a fact');
      text ||= promotedFactText(step);
    }
    if (!text) throw badRequest('Give the fact text or the step_id of an answered step');
    await repo.insertFact(tx, {
      id,
      accountId,
      sessionId,
      text: text.slice(0, 2000),
      sourceStepId: input.step_id ?? null,
      createdBy: ctx.actor.id,
      now: ctx.now,
    });
    await markFirstAction(tx, accountId, sessionId, ctx.actor.id, ctx.now);
    await repo.touchSession(tx, accountId, sessionId, ctx.now);
    return (await repo.listFacts(tx, accountId, sessionId)).find((f) => f.id === id)!;
  });
}

export function promotedFactText(step: repo.StepRow): string {
  const answer = step.answer?.label ?? step.answer?.text ?? (step.answer?.skipped ? 'skipped' : '');
  const outcome = step.outcome ? ` → ${step.outcome.replace('_', ' ')}` : '';
  return `${step.content.text} — ${answer}${outcome}${step.note ? ` (${step.note})` : ''}`.trim();
}

/** pause / resume / abandon / resolve, each allowed only from the statuses of the status machine. */
export async function transition(
  ctx: Ctx,
  sessionId: string,
  name: TransitionName,
  extra: { root_cause?: string; resolution_summary?: string; time_hours?: number } = {},
) {
  const rule = TRANSITIONS[name];
  const { accountId } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) => {
    const session = await findForWrite(ctx, tx, sessionId);
    assertMayAct(ctx.actor, session);
    // One conditional update: if the status moved underneath us (a claim, a second tab), we report it.
    const moved = await repo.transitionSession(tx, accountId, sessionId, rule.from, rule.to, ctx.now, extra);
    if (!moved) {
      const current = await repo.findSession(tx, accountId, sessionId);
      if (!current) throw notFound('Session');
      throw invalidTransition(name, current.status);
    }
    if (name === 'resolve') {
      await repo.indexKnowledge(tx, accountId, sessionId);
      // Resolving closes an open escalation: it leaves the queue, and a racing claim now fails.
      const closed = await resolveOpenFor(tx, accountId, sessionId, ctx.now);
      if (closed) {
        const resolvedEvent = await appendEvent(
          tx,
          accountId,
          'handoff_resolved',
          { handoff_id: closed.id, session_id: sessionId },
          ctx.now,
        );
        // The Slack app's messages about it lose their Claim button: the escalation is closed.
        await enqueueSlackAppUpdate(tx, accountId, resolvedEvent, closed.id, ctx.now);
      }
      // The PSA ticket gets the resolution (note, status, time entry) after commit, through the outbox.
      const { ticket, created_at } = session;
      if (isPsaTicketNumber(ticket)) {
        const hours = extra.time_hours ?? hoursSpent(created_at, ctx.now);
        await enqueuePsaResolution(
          tx,
          accountId,
          { sessionId, ticket, resolvedBy: { id: ctx.actor.id, name: ctx.actor.name }, hours },
          ctx.now,
        );
      }
    }
    return loadView(tx, accountId, sessionId);
  });
}
