import { withTenant } from '../../db/tenant';
import type { Queryable } from '../../db/types';
import { csvDocument } from '../../lib/csv';
import type { Ctx } from '../context';
import { assertSenior } from '../handoffs/handoffs.permissions';
import { dailySeries, type DayRow } from './analytics-days.repo';
import { accountBaselineSummary } from '../baselines/baselines.repo';
import * as repo from './analytics.repo';

export const PERIODS = { '7d': 7, '30d': 30, '90d': 90 } as const;
export type Period = keyof typeof PERIODS;

export const METRIC_DEFINITION =
  'Time to first action is measured inside ResolutionFlow: from the moment a senior engineer claims an escalation to their first ' +
  'step answered, fact or note in that session. Assistant output does not count. It is an in-product measure of how quickly work ' +
  'resumes after a handoff and is not, by itself, a claim of time saved; the savings estimate compares it with stopwatch timings of ' +
  'verbal handoffs recorded by your team.';

/** Pilot criterion: more than one hour saved per week, judged only with enough data on both sides. */
export const CRITERION_HOURS_PER_WEEK = 1.0;
export const MIN_BASELINES = 5;
export const MIN_CLAIMED = 5;

const round = (n: number | null, digits = 1) =>
  n === null || n === undefined ? null : Math.round(Number(n) * 10 ** digits) / 10 ** digits;
const stats = (s: repo.DurationStats) => ({
  avg: round(s.avg),
  median: round(s.median),
  p90: round(s.p90),
  p95: round(s.p95),
  n: Number(s.n),
});

export function windowFor(period: Period, now: Date) {
  return { from: new Date(now.getTime() - PERIODS[period] * 86_400_000), to: now };
}

export type Savings = {
  baseline_median: number | null;
  baseline_n: number;
  ttfa_median: number | null;
  escalations_per_week: number;
  hours_saved_per_week: number | null;
  criterion_met: boolean | null;
  status: 'met' | 'not_met' | 'not_enough_data';
  arithmetic: string;
  /** The thresholds the status is judged by, so clients never hard-code them. */
  criterion: { hours_per_week: number; min_baselines: number; min_claimed: number };
};

/** Baseline median − in-product median time to first action, × escalations per week, in hours. */
export function computeSavings(
  baseline: { n: number; median: number | null },
  ttfaMedian: number | null,
  nClaimed: number,
  escalated: number,
  days: number,
): Savings {
  const perWeek = round((escalated / days) * 7, 2) ?? 0;
  const enough =
    baseline.n >= MIN_BASELINES && nClaimed >= MIN_CLAIMED && baseline.median !== null && ttfaMedian !== null;
  const hours =
    baseline.median !== null && ttfaMedian !== null
      ? round(((baseline.median - ttfaMedian) * perWeek) / 3600, 2)
      : null;
  const status = !enough ? 'not_enough_data' : hours! > CRITERION_HOURS_PER_WEEK ? 'met' : 'not_met';
  const arithmetic =
    hours === null
      ? `Needs at least ${MIN_BASELINES} baseline measurements (have ${baseline.n}) and ${MIN_CLAIMED} claimed escalations (have ${nClaimed}).`
      : `(${round(baseline.median)} s baseline − ${round(ttfaMedian)} s in product) × ${perWeek} escalations/week ÷ 3600 = ${hours} h/week` +
        (enough
          ? ''
          : ` (not enough data yet: ${baseline.n}/${MIN_BASELINES} baselines, ${nClaimed}/${MIN_CLAIMED} claimed)`);
  return {
    baseline_median: round(baseline.median),
    baseline_n: Number(baseline.n),
    ttfa_median: round(ttfaMedian),
    escalations_per_week: perWeek,
    hours_saved_per_week: hours,
    criterion_met: status === 'not_enough_data' ? null : status === 'met',
    status,
    arithmetic,
    criterion: {
      hours_per_week: CRITERION_HOURS_PER_WEEK,
      min_baselines: MIN_BASELINES,
      min_claimed: MIN_CLAIMED,
    },
  };
}

/**
 * The metrics of one period. The reads are independent, so each runs in its own short tenant
 * transaction and they run side by side on the pool (one connection on the embedded database).
 */
export async function escalationAnalytics(ctx: Ctx, period: Period) {
  assertSenior(ctx.actor);
  const { accountId } = ctx.actor;
  const w: repo.Window = { accountId, ...windowFor(period, ctx.now) };
  const read = <T>(fn: (tx: Queryable) => Promise<T>) =>
    withTenant(ctx.db, accountId, async (tx) => {
      await repo.tuneForAnalytics(tx);
      return fn(tx);
    });
  const [esc, fa, claimDays, actionDays, sessions, baseline] = await Promise.all([
    read((tx) => repo.escalationWindow(tx, w)),
    read((tx) => repo.claimWindow(tx, w)),
    read((tx) => dailySeries(tx, accountId, 'claim', w.from, w.to)),
    read((tx) => dailySeries(tx, accountId, 'first_action', w.from, w.to)),
    read((tx) => repo.sessionsCreated(tx, w)),
    read((tx) => accountBaselineSummary(tx, accountId)),
  ]);
  return {
    period,
    from: w.from.toISOString(),
    to: w.to.toISOString(),
    time_to_claim: stats(esc),
    time_to_first_action: stats(fa),
    n_claimed: fa.n_claimed,
    n_with_action: fa.n,
    escalations: esc.escalated,
    unclaimed: esc.unclaimed,
    re_escalations: esc.re_escalated,
    resolved_after_escalation: esc.resolved,
    sessions_created: sessions,
    escalation_rate: sessions > 0 ? round(esc.escalated / sessions, 3) : null,
    metric_definition: METRIC_DEFINITION,
    savings: computeSavings(baseline, fa.median, fa.n_claimed, esc.escalated, PERIODS[period]),
    series: mergeSeries(claimDays, actionDays),
    distribution: { time_to_claim: histogram(claimDays), time_to_first_action: histogram(actionDays) },
  };
}

const dayLabel = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

/** One entry per UTC day with either measure: escalations created that day and claims made that day. */
function mergeSeries(claimDays: DayRow[], actionDays: DayRow[]) {
  const empty = {
    escalations: 0,
    claimed: 0,
    time_to_claim_median: null as number | null,
    claims: 0,
    with_action: 0,
    time_to_first_action_median: null as number | null,
  };
  const days = new Map<number, typeof empty>();
  for (const r of claimDays)
    days.set(r.day, {
      ...empty,
      escalations: r.total,
      claimed: r.reached,
      time_to_claim_median: round(r.median),
    });
  for (const r of actionDays)
    days.set(r.day, {
      ...(days.get(r.day) ?? empty),
      claims: r.total,
      with_action: r.reached,
      time_to_first_action_median: round(r.median),
    });
  return [...days.entries()].sort(([a], [b]) => a - b).map(([day, d]) => ({ day: dayLabel(day), ...d }));
}

const BUCKET_LABELS = [
  ...repo.BUCKETS.map((b, i) => `${i === 0 ? 0 : repo.BUCKETS[i - 1]}–${b} s`),
  `> ${repo.BUCKETS.at(-1)} s`,
];
/** The distribution over the window: the sum of its days' bucket counts. */
const histogram = (days: DayRow[]) =>
  BUCKET_LABELS.map((label, i) => ({
    label,
    lo: i === 0 ? 0 : repo.BUCKETS[i - 1]!,
    hi: repo.BUCKETS[i] ?? null,
    count: days.reduce((n, d) => n + (d.buckets[i] ?? 0), 0),
  }));
const CSV_COLUMNS = [
  'id',
  'created_at',
  'priority',
  'problem_summary',
  'ticket',
  'escalated_by',
  'claimed_by',
  'claimed_at',
  'first_action_at',
  'resolved_at',
  'policy_level',
  'time_to_claim_seconds',
  'time_to_first_action_seconds',
];

export async function escalationsCsv(ctx: Ctx, period: Period) {
  assertSenior(ctx.actor);
  const { accountId } = ctx.actor;
  const rows = await withTenant(ctx.db, accountId, (tx) =>
    repo.exportRows(tx, { accountId, ...windowFor(period, ctx.now) }),
  );
  // Cells are quoted and defused against formulas by server/lib/csv.ts.
  const lines = rows.map((r) => [
    r.id,
    r.created_at,
    r.priority,
    r.problem_summary,
    r.ticket,
    r.escalated_by,
    r.claimed_by,
    r.claimed_at,
    r.first_action_at,
    r.resolved_at,
    r.policy_level,
    round(r.time_to_claim),
    r.first_action_at ? round(r.time_to_first_action) : null,
  ]);
  return csvDocument(CSV_COLUMNS, lines);
}
