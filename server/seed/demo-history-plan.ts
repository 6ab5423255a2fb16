import type { Assessment, HandoffSnapshot, SnapshotStep } from '../../shared/handoffs';
import type { Priority, StepContent } from '../../shared/sessions';
import { newId } from '../lib/crypto';
import { HISTORY_CLIENTS, HISTORY_PROBLEMS, type HistoryProblem } from './demo-history-catalogue';
import { createPrng, type Prng } from './prng';

/**
 * Ninety days of the demo MSP's work before the day of first start, as rows for the product's own
 * tables (sessions, steps, facts, escalations, stopwatch baselines). Pure apart from the row ids: the
 * same `now` and people give the same history, drawn from a fixed seed.
 *
 * The story it tells: the team adopted the product about three months ago (fewer sessions in the
 * first month), about one session in seven is escalated, a senior claims within minutes during
 * working hours and more slowly at night and at weekends (then the policy re-escalates), the seniors
 * pick escalations up in turn, and the claimer's first action comes quicker as the team gets used to
 * the handoff screen. Before adopting it, the seniors timed ten verbal handoffs with the stopwatch.
 * Working hours are taken in UTC: the demo has no office time zone.
 */

export const HISTORY_DAYS = 90;
const SEED = 20_260_101;
const MINUTE = 60_000;
const DAY = 86_400_000;

export type HistoryPeople = { techs: string[]; seniors: string[]; names: Map<string, string> };

export type HistorySession = {
  id: string;
  user_id: string;
  status: 'resolved' | 'abandoned';
  intake: { problem: string; ticket: string; client: string };
  ticket: string;
  client_name: string;
  problem_summary: string;
  problem_domain: string;
  priority: Priority;
  confidence: number;
  confidence_tier: 'discovery' | 'exploring' | 'guided';
  escalation_reason: string | null;
  escalated_to_id: string | null;
  resolution_summary: string | null;
  root_cause: string | null;
  created_at: Date;
  updated_at: Date;
  escalated_at: Date | null;
  resolved_at: Date | null;
  best_match: number;
};

export type HistoryStep = {
  id: string;
  session_id: string;
  step_order: number;
  kind: 'question' | 'action' | 'resolution_suggestion';
  content: StepContent;
  answer: { option?: string; label?: string } | null;
  outcome: 'worked' | 'failed' | null;
  actor_user_id: string;
  source: 'assistant';
  confidence: number;
  created_at: Date;
  answered_at: Date;
};

export type HistoryFact = {
  id: string;
  session_id: string;
  text: string;
  created_by: string;
  created_at: Date;
};

export type HistoryHandoff = {
  id: string;
  session_id: string;
  handed_off_by: string;
  engineer_notes: string;
  priority: Priority;
  snapshot: HandoffSnapshot & { engine_state: Record<string, unknown> };
  assessment: Assessment;
  claimed_by: string | null;
  claimed_at: Date | null;
  first_action_at: Date | null;
  resolved_at: Date;
  policy_level: number;
  created_at: Date;
};

export type HistoryBaseline = {
  id: string;
  user_id: string;
  seconds: number;
  note: string;
  measured_at: Date;
};

export type DemoHistory = {
  sessions: HistorySession[];
  steps: HistoryStep[];
  facts: HistoryFact[];
  handoffs: HistoryHandoff[];
  baselines: HistoryBaseline[];
  /** The catalogue entry each session came from, by session id (for drafting proposals). */
  problemOf: Map<string, HistoryProblem>;
};

const lerp = (from: number, to: number, t: number) => from + (to - from) * Math.min(1, Math.max(0, t));
const at = (d: Date, ms: number) => new Date(d.getTime() + ms);
const isWorkingHours = (d: Date) => {
  const day = d.getUTCDay();
  const hour = d.getUTCHours();
  return day >= 1 && day <= 5 && hour >= 8 && hour < 18;
};

/** Sessions started on one day: ramping up over the first month, quiet at weekends. */
function sessionsOn(prng: Prng, day: Date, daysAgo: number) {
  const weekend = day.getUTCDay() === 0 || day.getUTCDay() === 6;
  if (weekend) return prng.int(1, 4);
  const adoption = lerp(0.55, 1, (HISTORY_DAYS - daysAgo) / 60);
  return Math.round(adoption * prng.int(16, 24));
}

function startTime(prng: Prng, day: Date) {
  const weekend = day.getUTCDay() === 0 || day.getUTCDay() === 6;
  const hour = weekend
    ? prng.int(9, 20)
    : prng.chance(0.1)
      ? prng.pick([6, 7, 18, 19, 20, 21, 22])
      : prng.int(8, 17);
  return at(day, hour * 3_600_000 + prng.int(0, 59) * MINUTE + prng.int(0, 59) * 1000);
}

const PRIORITIES: { p: Priority; w: number }[] = [
  { p: 'p1', w: 5 },
  { p: 'p2', w: 25 },
  { p: 'p3', w: 60 },
  { p: 'p4', w: 10 },
];

/**
 * The default policy's stages fired before a claim that took `seconds`: the second level after
 * 10 minutes, the catch-all 20 minutes later (half the wait for P1), as the policy worker would.
 */
function policyLevelAfter(seconds: number, priority: Priority) {
  const factor = priority === 'p1' ? 0.5 : 1;
  if (seconds >= 30 * 60 * factor) return 2;
  if (seconds >= 10 * 60 * factor) return 1;
  return 0;
}

const tierOf = (confidence: number) =>
  confidence >= 0.6 ? 'guided' : confidence >= 0.35 ? 'exploring' : ('discovery' as const);

export function planDemoHistory(now: Date, people: HistoryPeople): DemoHistory {
  const prng = createPrng(SEED);
  const out: DemoHistory = {
    sessions: [],
    steps: [],
    facts: [],
    handoffs: [],
    baselines: [],
    problemOf: new Map(),
  };
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  let ticket = 38_000;
  let nextClaimer = 0;

  for (let daysAgo = HISTORY_DAYS; daysAgo >= 1; daysAgo--) {
    const day = new Date(today - daysAgo * DAY);
    const starts = Array.from({ length: sessionsOn(prng, day, daysAgo) }, () => startTime(prng, day)).sort(
      (a, b) => a.getTime() - b.getTime(),
    );
    // How far the team has come since adopting the product (0 at the start, 1 today).
    const progress = (HISTORY_DAYS - daysAgo) / HISTORY_DAYS;
    for (const start of starts) {
      const problem = prng.weighted(HISTORY_PROBLEMS, (p) => p.weight);
      const tech = prng.pick(people.techs);
      const s = sessionFor(prng, problem, tech, start, String(ticket++));
      out.problemOf.set(s.session.id, problem);
      out.sessions.push(s.session);
      out.steps.push(...s.steps);
      out.facts.push(s.fact);

      const escalated = prng.chance(problem.escalationRate);
      if (!escalated) {
        finishWithoutEscalation(prng, out, s, problem, tech);
        continue;
      }
      const claimer = people.seniors[nextClaimer % people.seniors.length]!;
      const handoff = escalate(prng, out, s, problem, tech, claimer, people, progress);
      if (handoff.claimed_by) nextClaimer++;
    }
  }
  out.baselines = baselines(prng, now, people);
  return out;
}

type Started = { session: HistorySession; steps: HistoryStep[]; fact: HistoryFact; lastAt: Date };

/** The intake, the assistant's question and check (both answered by the tech), and what they learned. */
function sessionFor(prng: Prng, problem: HistoryProblem, tech: string, start: Date, ticket: string): Started {
  const id = newId();
  const client = prng.pick(HISTORY_CLIENTS);
  const bestMatch =
    Math.round(Math.min(0.95, Math.max(0.05, problem.coverage + (prng.next() - 0.5) * 0.1)) * 100) / 100;
  const confidence = Math.round(bestMatch * 0.9 * 100) / 100;
  const answeredQuestion = at(start, prng.int(40, 180) * 1000);
  const answeredCheck = at(answeredQuestion, prng.int(2, 9) * MINUTE);
  const option = problem.question.options[problem.question.answer]!;
  const steps: HistoryStep[] = [
    {
      id: newId(),
      session_id: id,
      step_order: 1,
      kind: 'question',
      content: {
        text: problem.question.text,
        options: problem.question.options.map((label) => ({ label, value: label.toLowerCase() })),
        sources: [],
      },
      answer: { option: option.toLowerCase(), label: option },
      outcome: null,
      actor_user_id: tech,
      source: 'assistant',
      confidence,
      created_at: start,
      answered_at: answeredQuestion,
    },
    {
      id: newId(),
      session_id: id,
      step_order: 2,
      kind: 'action',
      content: {
        text: problem.check.text,
        options: [],
        ...(problem.check.command ? { command: problem.check.command } : {}),
        expected_outcome: problem.check.expected,
        sources: [],
      },
      answer: null,
      outcome: 'failed',
      actor_user_id: tech,
      source: 'assistant',
      confidence,
      created_at: answeredQuestion,
      answered_at: answeredCheck,
    },
  ];
  const factAt = at(answeredCheck, prng.int(20, 90) * 1000);
  return {
    session: {
      id,
      user_id: tech,
      status: 'resolved',
      intake: { problem: problem.problem, ticket, client },
      ticket,
      client_name: client,
      problem_summary: problem.problem.slice(0, 200),
      problem_domain: problem.domain,
      priority: prng.weighted(PRIORITIES, (p) => p.w).p,
      confidence,
      confidence_tier: tierOf(confidence),
      escalation_reason: null,
      escalated_to_id: null,
      resolution_summary: null,
      root_cause: null,
      created_at: start,
      updated_at: factAt,
      escalated_at: null,
      resolved_at: null,
      best_match: bestMatch,
    },
    steps,
    fact: { id: newId(), session_id: id, text: problem.fact, created_by: tech, created_at: factAt },
    lastAt: factAt,
  };
}

/** Most sessions end with the assistant's suggestion answered "This fixed it"; a few are abandoned. */
function finishWithoutEscalation(
  prng: Prng,
  out: DemoHistory,
  s: Started,
  problem: HistoryProblem,
  tech: string,
) {
  if (prng.chance(0.04)) {
    s.session.status = 'abandoned';
    s.session.updated_at = at(s.lastAt, prng.int(2, 10) * MINUTE);
    return;
  }
  const answered = at(s.lastAt, prng.int(3, 15) * MINUTE);
  out.steps.push({
    id: newId(),
    session_id: s.session.id,
    step_order: 3,
    kind: 'resolution_suggestion',
    content: {
      text: `Likely cause: ${problem.cause}. Suggested fix: ${problem.fix}.`,
      options: [
        { label: 'This fixed it', value: 'fixed' },
        { label: 'Did not fix it', value: 'not_fixed' },
      ],
      cause: problem.cause,
      fix: problem.fix,
      sources: [],
    },
    answer: { option: 'fixed', label: 'This fixed it' },
    outcome: 'worked',
    actor_user_id: tech,
    source: 'assistant',
    confidence: s.session.confidence,
    created_at: s.lastAt,
    answered_at: answered,
  });
  const resolved = at(answered, prng.int(1, 4) * MINUTE);
  Object.assign(s.session, {
    root_cause: problem.cause,
    resolution_summary: problem.fix,
    resolved_at: resolved,
    updated_at: resolved,
  });
}

/**
 * The escalation of a session: claimed by the senior whose turn it is (fast in working hours,
 * slower at night and at weekends), the claimer's first action (a fact they add), then the fix.
 * About one in thirty is never claimed: the tech solves it alone after the policy's last stage.
 */
function escalate(
  prng: Prng,
  out: DemoHistory,
  s: Started,
  problem: HistoryProblem,
  tech: string,
  claimer: string,
  people: HistoryPeople,
  progress: number,
): HistoryHandoff {
  const escalatedAt = at(s.lastAt, prng.int(1, 6) * MINUTE);
  const notes = `Tried: ${problem.check.text.toLowerCase()}. ${problem.fact}.`;
  const priority = s.session.priority;
  const handoff: HistoryHandoff = {
    id: newId(),
    session_id: s.session.id,
    handed_off_by: tech,
    engineer_notes: notes,
    priority,
    snapshot: snapshotOf(s, problem, { id: tech, name: people.names.get(tech) ?? '' }, notes, escalatedAt),
    assessment: assessmentOf(problem, s),
    claimed_by: null,
    claimed_at: null,
    first_action_at: null,
    resolved_at: escalatedAt,
    policy_level: 0,
    created_at: escalatedAt,
  };
  Object.assign(s.session, { escalation_reason: notes, escalated_at: escalatedAt });
  out.handoffs.push(handoff);

  if (prng.chance(0.03)) {
    const resolved = at(escalatedAt, prng.int(45, 110) * MINUTE);
    handoff.resolved_at = resolved;
    handoff.policy_level = 2;
    resolve(s.session, problem, resolved);
    return handoff;
  }
  const fast = isWorkingHours(escalatedAt);
  const median = fast ? lerp(420, 140, progress) : 840;
  let claimSeconds = Math.max(fast ? 20 : 240, prng.logNormal(median, fast ? 0.6 : 0.5));
  if (priority === 'p1') claimSeconds /= 2;
  const claimedAt = at(escalatedAt, Math.round(claimSeconds * 1000));
  Object.assign(handoff, {
    claimed_by: claimer,
    claimed_at: claimedAt,
    policy_level: policyLevelAfter(claimSeconds, priority),
  });
  s.session.escalated_to_id = claimer;

  let resolved: Date;
  if (prng.chance(0.05)) {
    // The tech found the fix while waiting: the senior only confirms and closes it.
    resolved = at(claimedAt, prng.int(10, 30) * MINUTE);
  } else {
    const firstAction = at(
      claimedAt,
      Math.round(Math.max(8, prng.logNormal(lerp(150, 45, progress), 0.55)) * 1000),
    );
    handoff.first_action_at = firstAction;
    out.facts.push({
      id: newId(),
      session_id: s.session.id,
      text: problem.seniorFact,
      created_by: claimer,
      created_at: firstAction,
    });
    resolved = at(firstAction, prng.int(8, 45) * MINUTE);
  }
  handoff.resolved_at = resolved;
  resolve(s.session, problem, resolved);
  return handoff;
}

function resolve(session: HistorySession, problem: HistoryProblem, when: Date) {
  Object.assign(session, {
    status: 'resolved',
    root_cause: problem.cause,
    resolution_summary: problem.fix,
    resolved_at: when,
    updated_at: when,
  });
}

function snapshotOf(
  s: Started,
  problem: HistoryProblem,
  by: { id: string; name: string },
  notes: string,
  when: Date,
): HistoryHandoff['snapshot'] {
  const byName = by.name || null;
  const steps: SnapshotStep[] = s.steps.map((st) => ({
    order: st.step_order,
    kind: st.kind,
    source: st.source,
    text: st.content.text,
    command: st.content.command ?? null,
    answer: st.answer?.label ?? null,
    outcome: st.outcome,
    note: null,
    actor_name: byName,
    answered_at: st.answered_at.toISOString(),
  }));
  return {
    problem: problem.problem,
    problem_summary: s.session.problem_summary,
    problem_domain: problem.domain,
    priority: s.session.priority,
    ticket: s.session.ticket,
    client: s.session.client_name,
    asset: null,
    log: null,
    escalated_by: by,
    engineer_notes: notes,
    steps,
    facts: [problem.fact],
    time_spent_hours: Math.round(((when.getTime() - s.session.created_at.getTime()) / 3_600_000) * 100) / 100,
    confidence: s.session.confidence,
    engine_state: {},
  };
}

function assessmentOf(problem: HistoryProblem, s: Started): Assessment {
  const weak = s.session.best_match < 0.35;
  return {
    summary_prose: `${problem.problem}. The tech checked: ${problem.check.text.toLowerCase()}, without success. ${problem.fact}.`,
    what_we_know: [problem.fact],
    tried: [{ step: problem.check.text, outcome: 'failed' }],
    likely_cause: weak ? 'No close match in the knowledge; start from what the tech found.' : problem.cause,
    suggested_steps: weak ? [problem.check.text] : [problem.fix],
    confidence: weak ? 'low' : s.session.confidence >= 0.6 ? 'high' : 'medium',
    sources: [],
    provider: 'builtin',
    fallback: false,
  };
}

/** Ten stopwatch timings of verbal handoffs, taken by the seniors in the weeks before adoption. */
function baselines(prng: Prng, now: Date, people: HistoryPeople): HistoryBaseline[] {
  const notes = [
    'Phone call: tech walked me through what they had tried',
    'Desk visit, re-explained the ticket and the checks done',
    'Teams call, had to ask for the error text twice',
    'Phone call, tech re-ran one check while I listened',
    'Walked over to the tech’s desk, read the notes together',
  ];
  return Array.from({ length: 10 }, (_, i) => ({
    id: newId(),
    user_id: people.seniors[i % people.seniors.length]!,
    seconds: prng.int(235, 365),
    note: notes[i % notes.length]!,
    measured_at: new Date(now.getTime() - (HISTORY_DAYS + 6 - i) * DAY + prng.int(9, 16) * 3_600_000),
  }));
}
