import type { Queryable } from '../../db/types';

export type DurationStats = {
  avg: number | null;
  median: number | null;
  p90: number | null;
  p95: number | null;
  n: number;
};
export type Window = { accountId: string; from: Date; to: Date };

/** Upper bounds (seconds) of the distribution buckets; the last bucket is open-ended. */
export const BUCKETS = [30, 60, 120, 300, 600, 1800];

// Durations come from the handoff's stored columns (seconds, floored at 0, NULL while not reached;
// migration 0010), so the reads only sort them.

/**
 * Analytical reads sort tens of thousands of durations: give them memory to sort in, and tell the
 * planner that index pages are cheap (SSD), so the covering indexes are used.
 */
export async function tuneForAnalytics(tx: Queryable) {
  await tx.query(`SELECT set_config('work_mem', '64MB', true), set_config('random_page_cost', '1.1', true)`);
}

/** The count of `x` per distribution bucket, as one integer array (NULLs are in none). */
export const BUCKET_COUNTS = (x: string) =>
  `ARRAY[${[...BUCKETS, Infinity].map((b, i) => `count(*) FILTER (WHERE ${x} >= ${i === 0 ? 0 : BUCKETS[i - 1]}${b === Infinity ? '' : ` AND ${x} < ${b}`})`).join(', ')}]::integer[]`;

/** avg, the three percentiles in one ordered pass, and n of `x` (its distribution comes per day). */
const STATS = (x: string) => `
  avg(${x}) AS avg,
  percentile_cont(ARRAY[0.5, 0.9, 0.95]) WITHIN GROUP (ORDER BY ${x}) AS pct,
  count(${x}) AS n`;

type StatsRow = { avg: number | null; pct: (number | null)[] | null; n: number };

const toStats = (r: StatsRow): DurationStats => ({
  avg: r.avg,
  median: r.pct?.[0] ?? null,
  p90: r.pct?.[1] ?? null,
  p95: r.pct?.[2] ?? null,
  n: Number(r.n),
});

/** Escalations created in the window: time to claim and the counts around it. */
export async function escalationWindow(tx: Queryable, w: Window) {
  const { rows } = await tx.query<
    StatsRow & { escalated: number; unclaimed: number; re_escalated: number; resolved: number }
  >(
    `SELECT ${STATS('time_to_claim_s')},
            count(*) AS escalated,
            count(*) FILTER (WHERE claimed_by IS NULL AND resolved_at IS NULL) AS unclaimed,
            count(*) FILTER (WHERE policy_level > 0) AS re_escalated,
            count(*) FILTER (WHERE resolved_at IS NOT NULL) AS resolved
     FROM handoffs WHERE account_id = $1 AND intent = 'escalate' AND created_at >= $2 AND created_at < $3`,
    [w.accountId, w.from, w.to],
  );
  const total = rows[0]!;
  return {
    ...toStats(total),
    escalated: Number(total.escalated),
    unclaimed: Number(total.unclaimed),
    re_escalated: Number(total.re_escalated),
    resolved: Number(total.resolved),
  };
}

/** Claims made in the window: time from claim to the claimer's first action. */
export async function claimWindow(tx: Queryable, w: Window) {
  const { rows } = await tx.query<StatsRow & { n_claimed: number }>(
    `SELECT ${STATS('time_to_first_action_s')}, count(*) AS n_claimed
     FROM handoffs WHERE account_id = $1 AND intent = 'escalate' AND claimed_at >= $2 AND claimed_at < $3`,
    [w.accountId, w.from, w.to],
  );
  return { ...toStats(rows[0]!), n_claimed: Number(rows[0]!.n_claimed) };
}

export async function sessionsCreated(tx: Queryable, w: Window) {
  const { rows } = await tx.query<{ n: number }>(
    `SELECT count(*) AS n FROM sessions WHERE account_id = $1 AND created_at >= $2 AND created_at < $3`,
    [w.accountId, w.from, w.to],
  );
  return Number(rows[0]?.n ?? 0);
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
            h.time_to_claim_s AS time_to_claim, h.time_to_first_action_s AS time_to_first_action
     FROM handoffs h JOIN users b ON b.id = h.handed_off_by LEFT JOIN users c ON c.id = h.claimed_by
     WHERE h.account_id = $1 AND h.intent = 'escalate' AND h.created_at >= $2 AND h.created_at < $3
     ORDER BY h.created_at LIMIT 100000`,
    [w.accountId, w.from, w.to],
  );
  return rows;
}
