import type { Queryable } from '../../db/types';
import { BUCKET_COUNTS } from './analytics.repo';

/**
 * The daily series of the analytics page, per measure: how many handoffs, how many of them reached
 * the measured moment, the median duration and the counts per distribution bucket. Days that are over are kept in `analytics_days`
 * (migration 0010 explains the staleness protocol); only the partial days at the window's edges and
 * days marked stale are worked out from the handoffs.
 */
export type Measure = 'claim' | 'first_action';
export type DayRow = {
  day: number;
  total: number;
  reached: number;
  median: number | null;
  buckets: number[];
};

const DAY_MS = 86_400_000;

/** Which timestamp places a handoff in the window, its stored UTC day number, and its duration. */
const COLUMNS: Record<Measure, { at: string; day: string; value: string }> = {
  claim: { at: 'created_at', day: 'created_day', value: 'time_to_claim_s' },
  first_action: { at: 'claimed_at', day: 'claimed_day', value: 'time_to_first_action_s' },
};

type Range = { from: Date; to: Date };

async function computeDays(
  tx: Queryable,
  accountId: string,
  measure: Measure,
  ranges: Range[],
  onlyDays?: number[],
) {
  const c = COLUMNS[measure];
  const params: unknown[] = [accountId];
  const inRange = ranges
    .map((r) => `(${c.at} >= $${params.push(r.from)} AND ${c.at} < $${params.push(r.to)})`)
    .join(' OR ');
  const dayFilter = onlyDays ? ` AND ${c.day} = ANY($${params.push(onlyDays)}::integer[])` : '';
  const { rows } = await tx.query<DayRow>(
    `SELECT ${c.day} AS day, count(*)::integer AS total, count(${c.value})::integer AS reached,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY ${c.value}) AS median, ${BUCKET_COUNTS(c.value)} AS buckets
     FROM handoffs WHERE account_id = $1 AND intent = 'escalate' AND (${inRange})${dayFilter}
     GROUP BY 1`,
    params,
  );
  return rows;
}

/** Stores freshly computed days unless a change marked them stale again since they were read. */
export async function storeDays(
  tx: Queryable,
  accountId: string,
  measure: Measure,
  days: (DayRow & { generation: number })[],
) {
  await tx.query(
    `INSERT INTO analytics_days (account_id, measure, day, generation, fresh, total, reached, median, buckets)
     SELECT $1, $2, d.day, d.generation, true, d.total, d.reached, d.median, d.buckets::integer[]
     FROM unnest($3::integer[], $4::integer[], $5::integer[], $6::integer[], $7::double precision[], $8::text[])
       AS d(day, generation, total, reached, median, buckets)
     ON CONFLICT (account_id, measure, day) DO UPDATE
       SET fresh = true, total = EXCLUDED.total, reached = EXCLUDED.reached, median = EXCLUDED.median, buckets = EXCLUDED.buckets
       WHERE analytics_days.generation = EXCLUDED.generation`,
    [
      accountId,
      measure,
      days.map((d) => d.day),
      days.map((d) => d.generation),
      days.map((d) => d.total),
      days.map((d) => d.reached),
      days.map((d) => d.median),
      // Arrays of arrays do not unnest into rows of arrays: each day's buckets travel as an array literal.
      days.map((d) => `{${d.buckets.join(',')}}`),
    ],
  );
}

/** Days of [from, to) with at least one handoff, in order. */
export async function dailySeries(
  tx: Queryable,
  accountId: string,
  measure: Measure,
  from: Date,
  to: Date,
): Promise<DayRow[]> {
  // Whole days are [firstWhole, end); the parts of days before and after them are the edges.
  const firstWhole = Math.ceil(from.getTime() / DAY_MS);
  const end = Math.floor(to.getTime() / DAY_MS);
  if (firstWhole >= end)
    return (await computeDays(tx, accountId, measure, [{ from, to }])).sort((a, b) => a.day - b.day);

  const { rows: stored } = await tx.query<DayRow & { generation: number; fresh: boolean }>(
    `SELECT day, generation, fresh, total, reached, median, buckets FROM analytics_days
     WHERE account_id = $1 AND measure = $2 AND day >= $3 AND day < $4`,
    [accountId, measure, firstWhole, end],
  );
  const storedByDay = new Map(stored.map((r) => [r.day, r]));
  const result: DayRow[] = stored.filter((r) => r.fresh);
  const stale: number[] = [];
  for (let day = firstWhole; day < end; day++) if (!storedByDay.get(day)?.fresh) stale.push(day);

  if (stale.length > 0) {
    const span = { from: new Date(stale[0]! * DAY_MS), to: new Date((stale.at(-1)! + 1) * DAY_MS) };
    const computed = new Map(
      (await computeDays(tx, accountId, measure, [span], stale)).map((r) => [r.day, r]),
    );
    // Empty days are stored too, so that they are not worked out again on every request.
    const fresh = stale.map((day) => ({
      ...(computed.get(day) ?? { day, total: 0, reached: 0, median: null, buckets: [] }),
      generation: storedByDay.get(day)?.generation ?? 0,
    }));
    await storeDays(tx, accountId, measure, fresh);
    result.push(...fresh);
  }

  const edges = [
    { from, to: new Date(firstWhole * DAY_MS) },
    { from: new Date(end * DAY_MS), to },
  ].filter((r) => r.from < r.to);
  if (edges.length > 0) result.push(...(await computeDays(tx, accountId, measure, edges)));
  return result
    .filter((r) => r.total > 0)
    .map(({ day, total, reached, median, buckets }) => ({ day, total, reached, median, buckets }))
    .sort((a, b) => a.day - b.day);
}
