import { formatDay, formatDuration, toMinutes } from '../format';
import type { Schemas } from '../../../api/client';

type SeriesDay = Schemas['EscalationAnalytics']['series'][number];

export interface TimelinePoint {
  day: string;
  label: string;
  escalations: number;
  ttcMinutes: number | null;
  ttfaMinutes: number | null;
  source: SeriesDay | null;
}

const DAY_MS = 86_400_000;
const MAX_DAYS = 400;

/** 'YYYY-MM-DD' of an instant, in UTC (the server groups days in UTC). */
function utcDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/**
 * One point per UTC day from `from` to `to`: the server sends only days with activity, but a time axis
 * with gaps squeezed out would misrepresent quiet days.
 */
export function timelinePoints(series: readonly SeriesDay[], from: string, to: string): TimelinePoint[] {
  const byDay = new Map(series.map((row) => [row.day, row]));
  const start = Date.parse(`${utcDay(Date.parse(from))}T00:00:00Z`);
  const end = Date.parse(to);
  const days: string[] = [];
  if (Number.isFinite(start) && Number.isFinite(end)) {
    for (let t = start; t <= end && days.length < MAX_DAYS; t += DAY_MS) days.push(utcDay(t));
  }
  // Anything outside the window (clock skew) is still shown rather than dropped.
  for (const row of series) if (!days.includes(row.day)) days.push(row.day);
  days.sort();
  return days.map((day) => {
    const row = byDay.get(day) ?? null;
    return {
      day,
      label: formatDay(day),
      escalations: row?.escalations ?? 0,
      ttcMinutes: toMinutes(row?.time_to_claim_median ?? null),
      ttfaMinutes: toMinutes(row?.time_to_first_action_median ?? null),
      source: row,
    };
  });
}

function range(values: Array<number | null>): string | null {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return null;
  const min = Math.min(...known);
  const max = Math.max(...known);
  return min === max ? formatDuration(min) : `${formatDuration(min)} to ${formatDuration(max)}`;
}

/** The spoken version of the timeline chart. */
export function timelineSummary(points: readonly TimelinePoint[], series: readonly SeriesDay[]): string {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return 'Escalations per day: no data.';
  const total = points.reduce((sum, p) => sum + p.escalations, 0);
  const busiest = points.reduce((best, p) => (p.escalations > best.escalations ? p : best), first);
  const parts = [
    `Escalations per day with daily median times, ${formatDay(first.day, true)} to ${formatDay(last.day, true)}.`,
    `${total} ${total === 1 ? 'escalation' : 'escalations'} in total` +
      (total > 0 ? `, most on ${formatDay(busiest.day, true)} (${busiest.escalations}).` : '.'),
  ];
  const ttc = range(series.map((s) => s.time_to_claim_median));
  const ttfa = range(series.map((s) => s.time_to_first_action_median));
  if (ttc) parts.push(`Daily median time to claim: ${ttc}.`);
  if (ttfa) parts.push(`Daily median time to first action: ${ttfa}.`);
  return parts.join(' ');
}
