import type { Queryable } from '../../db/types';

export type DurationStats = { avg: number | null; median: number | null; p90: number | null; p95: number | null; n: number };
type Window = { accountId: string; from: Date; to: Date };

// Durations in seconds, floored at 0 (clocks of several servers can disagree by a little). NULL stays
// NULL — GREATEST would turn a missing claim or action into 0.
const STATS = (x: string) => `
  avg(${x}) AS avg,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY ${x}) AS median,
  percentile_cont(0.9) WITHIN GROUP (ORDER BY ${x}) AS p90,
  percentile_cont(0.95) WITHIN GROUP (ORDER BY ${x}) AS p95,
  count(${x}) AS n`;

const TTC = `(CASE WHEN claimed_at IS NULL THEN NULL ELSE GREATEST(0, extract(epoch FROM (claimed_at - created_at))) END)::double precision`;
const TTFA = `(CASE WHEN first_action_at IS NULL THEN NULL ELSE GREATEST(0, extract(epoch FROM (first_action_at - claimed_at))) END)::double precision`;

/** Escalations created in the window: time to claim and the counts around it. */
export async function escalationStats(tx: Queryable, w: Window) {
  const { rows } = await tx.query<DurationStats & { escalated: number; unclaimed: number; re_escalated: number; resolved: number }>(
    `SELECT ${STATS('ttc')},
            count(*) AS escalated,
            count(*) FILTER (WHERE claimed_by IS NULL AND resolved_at IS NULL) AS unclaimed,
            count(*) FILTER (WHERE policy_level > 0) AS re_escalated,
            count(*) FILTER (WHERE resolved_at IS NOT NULL) AS resolved
     FROM (SELECT ${TTC} AS ttc, claimed_by, resolved_at, policy_level FROM handoffs
           WHERE account_id = $1 AND intent = 'escalate' AND created_at >= $2 AND created_at < $3) h`,
    [w.accountId, w.from, w.to],
  );
  return rows[0]!;
}

/** Claims made in the window: time from claim to the claimer's first action. */
export async function firstActionStats(tx: Queryable, w: Window) {
  const { rows } = await tx.query<DurationStats & { n_claimed: number }>(
    `SELECT ${STATS('ttfa')}, count(*) AS n_claimed
     FROM (SELECT ${TTFA} AS ttfa FROM handoffs
           WHERE account_id = $1 AND intent = 'escalate' AND claimed_at >= $2 AND claimed_at < $3) h`,
    [w.accountId, w.from, w.to],
  );
  return rows[0]!;
}

export async function sessionsCreated(tx: Queryable, w: Window) {
  const { rows } = await tx.query<{ n: number }>(
    `SELECT count(*) AS n FROM sessions WHERE account_id = $1 AND created_at >= $2 AND created_at < $3`,
    [w.accountId, w.from, w.to],
  );
  return rows[0]?.n ?? 0;
}

export async function baselineStats(tx: Queryable, accountId: string) {
  const { rows } = await tx.query<{ n: number; median: number | null }>(
    `SELECT count(*) AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS median FROM baseline_measurements WHERE account_id = $1`,
    [accountId],
  );
  return rows[0]!;
}

/** Per UTC day: escalations and claims with the median of each measure. */
export async function dailySeries(tx: Queryable, w: Window) {
  const escalations = await tx.query<{ day: string; escalations: number; claimed: number; ttc_median: number | null }>(
    `SELECT to_char(date_trunc('day', created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day, count(*) AS escalations,
            count(claimed_at) AS claimed, percentile_cont(0.5) WITHIN GROUP (ORDER BY ${TTC}) AS ttc_median
     FROM handoffs WHERE account_id = $1 AND intent = 'escalate' AND created_at >= $2 AND created_at < $3
     GROUP BY 1 ORDER BY 1`,
    [w.accountId, w.from, w.to],
  );
  const actions = await tx.query<{ day: string; claims: number; with_action: number; ttfa_median: number | null }>(
    `SELECT to_char(date_trunc('day', claimed_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day, count(*) AS claims,
            count(first_action_at) AS with_action, percentile_cont(0.5) WITHIN GROUP (ORDER BY ${TTFA}) AS ttfa_median
     FROM handoffs WHERE account_id = $1 AND intent = 'escalate' AND claimed_at >= $2 AND claimed_at < $3
     GROUP BY 1 ORDER BY 1`,
    [w.accountId, w.from, w.to],
  );
  return { escalations: escalations.rows, actions: actions.rows };
}

/** Upper bounds (seconds) of the distribution buckets; the last bucket is open-ended. */
export const BUCKETS = [30, 60, 120, 300, 600, 1800];

export async function distributions(tx: Queryable, w: Window) {
  const bucket = (x: string) => `width_bucket(${x}, ARRAY[${BUCKETS.join(',')}]::double precision[])`;
  const { rows } = await tx.query<{ measure: 'time_to_claim' | 'time_to_first_action'; bucket: number; n: number }>(
    `SELECT 'time_to_claim' AS measure, ${bucket('ttc')} AS bucket, count(*) AS n
       FROM (SELECT ${TTC} AS ttc FROM handoffs WHERE account_id = $1 AND intent = 'escalate' AND created_at >= $2 AND created_at < $3 AND claimed_at IS NOT NULL) a
       GROUP BY 2
     UNION ALL
     SELECT 'time_to_first_action', ${bucket('ttfa')}, count(*)
       FROM (SELECT ${TTFA} AS ttfa FROM handoffs WHERE account_id = $1 AND intent = 'escalate' AND claimed_at >= $2 AND claimed_at < $3 AND first_action_at IS NOT NULL) b
       GROUP BY 2`,
    [w.accountId, w.from, w.to],
  );
  return rows;
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
