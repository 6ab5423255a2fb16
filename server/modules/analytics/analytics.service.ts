import { withTenant } from '../../db/tenant';
import type { Ctx } from '../context';
import { assertSenior } from '../handoffs/handoffs.policy';
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

const round = (n: number | null, digits = 1) => (n === null || n === undefined ? null : Math.round(Number(n) * 10 ** digits) / 10 ** digits);
const stats = (s: repo.DurationStats) => ({ avg: round(s.avg), median: round(s.median), p90: round(s.p90), p95: round(s.p95), n: Number(s.n) });

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
};

/** Baseline median − in-product median time to first action, × escalations per week, in hours. */
export function computeSavings(baseline: { n: number; median: number | null }, ttfaMedian: number | null, nClaimed: number, escalated: number, days: number): Savings {
  const perWeek = round((escalated / days) * 7, 2) ?? 0;
  const enough = baseline.n >= MIN_BASELINES && nClaimed >= MIN_CLAIMED && baseline.median !== null && ttfaMedian !== null;
  const hours = baseline.median !== null && ttfaMedian !== null ? round(((baseline.median - ttfaMedian) * perWeek) / 3600, 2) : null;
  const status = !enough ? 'not_enough_data' : hours! > CRITERION_HOURS_PER_WEEK ? 'met' : 'not_met';
  const arithmetic =
    hours === null
      ? `Needs at least ${MIN_BASELINES} baseline measurements (have ${baseline.n}) and ${MIN_CLAIMED} claimed escalations (have ${nClaimed}).`
      : `(${round(baseline.median)} s baseline − ${round(ttfaMedian)} s in product) × ${perWeek} escalations/week ÷ 3600 = ${hours} h/week` +
        (enough ? '' : ` (not enough data yet: ${baseline.n}/${MIN_BASELINES} baselines, ${nClaimed}/${MIN_CLAIMED} claimed)`);
  return {
    baseline_median: round(baseline.median),
    baseline_n: Number(baseline.n),
    ttfa_median: round(ttfaMedian),
    escalations_per_week: perWeek,
    hours_saved_per_week: hours,
    criterion_met: status === 'not_enough_data' ? null : status === 'met',
    status,
    arithmetic,
  };
}

export async function escalationAnalytics(ctx: Ctx, period: Period) {
  assertSenior(ctx.actor);
  const { accountId } = ctx.actor;
  const w = { accountId, ...windowFor(period, ctx.now) };
  return withTenant(ctx.db, accountId, async (tx) => {
    const esc = await repo.escalationStats(tx, w);
    const fa = await repo.firstActionStats(tx, w);
    const sessions = await repo.sessionsCreated(tx, w);
    const baseline = await repo.baselineStats(tx, accountId);
    const series = await repo.dailySeries(tx, w);
    const dist = await repo.distributions(tx, w);
    type Day = { day: string; escalations: number; claimed: number; time_to_claim_median: number | null; claims: number; with_action: number; time_to_first_action_median: number | null };
    const days = new Map<string, Day>();
    const day = (d: string) => days.get(d) ?? { day: d, escalations: 0, claimed: 0, time_to_claim_median: null, claims: 0, with_action: 0, time_to_first_action_median: null };
    for (const r of series.escalations) days.set(r.day, { ...day(r.day), escalations: Number(r.escalations), claimed: Number(r.claimed), time_to_claim_median: round(r.ttc_median) });
    for (const r of series.actions) days.set(r.day, { ...day(r.day), claims: Number(r.claims), with_action: Number(r.with_action), time_to_first_action_median: round(r.ttfa_median) });
    const bucketLabels = [...repo.BUCKETS.map((b, i) => `${i === 0 ? 0 : repo.BUCKETS[i - 1]}–${b} s`), `> ${repo.BUCKETS.at(-1)} s`];
    const histogram = (measure: string) =>
      bucketLabels.map((label, i) => ({ label, count: dist.find((d) => d.measure === measure && Number(d.bucket) === i)?.n ?? 0 }));
    const escalated = Number(esc.escalated);
    return {
      period,
      from: w.from.toISOString(),
      to: w.to.toISOString(),
      time_to_claim: stats(esc),
      time_to_first_action: stats(fa),
      n_claimed: Number(fa.n_claimed),
      n_with_action: Number(fa.n),
      escalations: escalated,
      unclaimed: Number(esc.unclaimed),
      re_escalations: Number(esc.re_escalated),
      resolved_after_escalation: Number(esc.resolved),
      sessions_created: Number(sessions),
      escalation_rate: sessions > 0 ? round(escalated / sessions, 3) : null,
      metric_definition: METRIC_DEFINITION,
      savings: computeSavings(baseline, fa.median, Number(fa.n_claimed), escalated, PERIODS[period]),
      series: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
      distribution: { time_to_claim: histogram('time_to_claim'), time_to_first_action: histogram('time_to_first_action') },
    };
  });
}

const CSV_COLUMNS = ['id', 'created_at', 'priority', 'problem_summary', 'ticket', 'escalated_by', 'claimed_by', 'claimed_at', 'first_action_at', 'resolved_at', 'policy_level', 'time_to_claim_seconds', 'time_to_first_action_seconds'];

/** A spreadsheet cannot be made to run a formula from a cell we write: such cells are quoted as text. */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = v instanceof Date ? v.toISOString() : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export async function escalationsCsv(ctx: Ctx, period: Period) {
  assertSenior(ctx.actor);
  const { accountId } = ctx.actor;
  const rows = await withTenant(ctx.db, accountId, (tx) => repo.exportRows(tx, { accountId, ...windowFor(period, ctx.now) }));
  const lines = rows.map((r) =>
    [r.id, r.created_at, r.priority, r.problem_summary, r.ticket, r.escalated_by, r.claimed_by, r.claimed_at, r.first_action_at, r.resolved_at, r.policy_level, round(r.time_to_claim), r.first_action_at ? round(r.time_to_first_action) : null]
      .map(csvCell)
      .join(','),
  );
  return [CSV_COLUMNS.join(','), ...lines].join('\r\n') + '\r\n';
}
