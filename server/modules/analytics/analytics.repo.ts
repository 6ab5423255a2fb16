import type { Queryable } from '../../db/types';

export type DurationStats = { avg: number | null; median: number | null; p90: number | null; p95: number | null; n: number };
export type Window = { accountId: string; from: Date; to: Date };

/** Upper bounds (seconds) of the distribution buckets; the last bucket is open-ended. */
export const BUCKETS = [30, 60, 120, 300, 600, 1800];

// Durations in seconds as double precision (date_part, not numeric extract: much cheaper to sort),
// floored at 0 because the clocks of several servers can disagree a little. NULL stays NULL.
const TTC = `(CASE WHEN claimed_at IS NULL THEN NULL ELSE GREATEST(0, date_part('epoch', claimed_at - created_at)) END)`;
const TTFA = `(CASE WHEN first_action_at IS NULL THEN NULL ELSE GREATEST(0, date_part('epoch', first_action_at - claimed_at)) END)`;

const DAY = (col: string) => `to_char(date_trunc('day', ${col} AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`;

/**
 * Analytical reads sort tens of thousands of durations: give them memory to sort in, and tell the
 * planner that index pages are cheap (SSD), so the covering indexes are used.
 */
export async function tuneForAnalytics(tx: Queryable) {
  await tx.query(`SELECT set_config('work_mem', '64MB', true), set_config('random_page_cost', '1.1', true)`);
}

/** avg, the three percentiles in one ordered pass, n, and the distribution buckets of `x`. */
const STATS = (x: string) => `
  avg(${x}) AS avg,
  percentile_cont(ARRAY[0.5, 0.9, 0.95]) WITHIN GROUP (ORDER BY ${x}) AS pct,
  count(${x}) AS n,
  ${[...BUCKETS, Infinity].map((b, i) => `count(*) FILTER (WHERE ${x} ${i === 0 ? '>= 0' : `>= ${BUCKETS[i - 1]}`}${b === Infinity ? '' : ` AND ${x} < ${b}`}) AS b${i}`).join(',\n  ')}`;

type StatsRow = { avg: number | null; pct: (number | null)[] | null; n: number } & Record<`b${number}`, number>;

const toStats = (r: StatsRow): DurationStats & { buckets: number[] } => ({
  avg: r.avg,
  median: r.pct?.[0] ?? null,
  p90: r.pct?.[1] ?? null,
  p95: r.pct?.[2] ?? null,
  n: Number(r.n),
  buckets: [...BUCKETS, Infinity].map((_, i) => Number(r[`b${i}`] ?? 0)),
});

type WindowRow = StatsRow & { day: string | null };

/** Splits a GROUPING SETS result into the overall row (day NULL) and the per-day rows. */
function split<T extends WindowRow>(rows: T[]) {
  return { total: rows.find((r) => r.day === null)!, days: rows.filter((r) => r.day !== null) };
}

/**
 * Escalations created in the window: time to claim and the counts around it, overall and per UTC
 * day, in one scan (GROUPING SETS) so the percentiles and the daily medians share one sort.
 */
export async function escalationWindow(tx: Queryable, w: Window) {
  const { rows } = await tx.query<WindowRow & { escalated: number; claimed: number; unclaimed: number; re_escalated: number; resolved: number }>(
    `SELECT day, ${STATS('ttc')},
            count(*) AS escalated,
            count(ttc) AS claimed,
            count(*) FILTER (WHERE claimed_by IS NULL AND resolved_at IS NULL) AS unclaimed,
            count(*) FILTER (WHERE policy_level > 0) AS re_escalated,
            count(*) FILTER (WHERE resolved_at IS NOT NULL) AS resolved
     FROM (SELECT ${DAY('created_at')} AS day, ${TTC} AS ttc, claimed_by, resolved_at, policy_level FROM handoffs
           WHERE account_id = $1 AND intent = 'escalate' AND created_at >= $2 AND created_at < $3) h
     GROUP BY GROUPING SETS ((day), ())`,
    [w.accountId, w.from, w.to],
  );
  const { total, days } = split(rows);
  return {
    ...toStats(total),
    escalated: Number(total.escalated),
    unclaimed: Number(total.unclaimed),
    re_escalated: Number(total.re_escalated),
    resolved: Number(total.resolved),
    days: days.map((d) => ({ day: d.day!, escalations: Number(d.escalated), claimed: Number(d.claimed), median: d.pct?.[0] ?? null })),
  };
}

/** Claims made in the window: time from claim to the claimer's first action, overall and per day. */
export async function claimWindow(tx: Queryable, w: Window) {
  const { rows } = await tx.query<WindowRow & { n_claimed: number }>(
    `SELECT day, ${STATS('ttfa')}, count(*) AS n_claimed
     FROM (SELECT ${DAY('claimed_at')} AS day, ${TTFA} AS ttfa FROM handoffs
           WHERE account_id = $1 AND intent = 'escalate' AND claimed_at >= $2 AND claimed_at < $3) h
     GROUP BY GROUPING SETS ((day), ())`,
    [w.accountId, w.from, w.to],
  );
  const { total, days } = split(rows);
  return {
    ...toStats(total),
    n_claimed: Number(total.n_claimed),
    days: days.map((d) => ({ day: d.day!, claims: Number(d.n_claimed), with_action: Number(d.n), median: d.pct?.[0] ?? null })),
  };
}

export async function sessionsCreated(tx: Queryable, w: Window) {
  const { rows } = await tx.query<{ n: number }>(
    `SELECT count(*) AS n FROM sessions WHERE account_id = $1 AND created_at >= $2 AND created_at < $3`,
    [w.accountId, w.from, w.to],
  );
  return Number(rows[0]?.n ?? 0);
}

export async function baselineStats(tx: Queryable, accountId: string) {
  const { rows } = await tx.query<{ n: number; median: number | null }>(
    `SELECT count(*) AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS median FROM baseline_measurements WHERE account_id = $1`,
    [accountId],
  );
  return { n: Number(rows[0]!.n), median: rows[0]!.median };
}

export type EscalationExportRow = {
  id: string;
  created_at: Date;
  priority: string;
  problem_summary: string;
  ticket: string | null;
  escalated_by: string;
  claimed_by: string | null;
  claimed_at: Date | null;
  first_action_at: Date | null;
  resolved_at: Date | null;
  policy_level: number;
  time_to_claim: number | null;
  time_to_first_action: number | null;
};

/** Every escalation of the window with its timings, for the CSV export. */
export async function exportRows(tx: Queryable, w: Window) {
  const { rows } = await tx.query<EscalationExportRow>(
    `SELECT h.id, h.created_at, h.priority, h.snapshot->>'problem_summary' AS problem_summary, h.snapshot->>'ticket' AS ticket,
            b.name AS escalated_by, c.name AS claimed_by, h.claimed_at, h.first_action_at, h.resolved_at, h.policy_level,
            ${TTC.replace(/\b(claimed_at|created_at)\b/g, 'h.$1')} AS time_to_claim,
            ${TTFA.replace(/\b(first_action_at|claimed_at)\b/g, 'h.$1')} AS time_to_first_action
     FROM handoffs h JOIN users b ON b.id = h.handed_off_by LEFT JOIN users c ON c.id = h.claimed_by
     WHERE h.account_id = $1 AND h.intent = 'escalate' AND h.created_at >= $2 AND h.created_at < $3
     ORDER BY h.created_at LIMIT 100000`,
    [w.accountId, w.from, w.to],
  );
  return rows;
}
