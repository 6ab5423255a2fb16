/** Quiet hours: a daily window in the member's own time zone during which pushes wait (P1s excepted). */

export type QuietHours = { timeZone: string; fromMinute: number; toMinute: number };

/** True for IANA names the runtime knows (Europe/London, America/New_York, UTC…). */
export function isKnownTimeZone(tz: string) {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes after local midnight at `at` in `timeZone`; DST is the runtime's time-zone data's business. */
export function localMinuteOfDay(at: Date, timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  const parts = f.formatToParts(at);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value);
  const minute = Number(parts.find((p) => p.type === 'minute')?.value);
  return hour * 60 + minute;
}

/**
 * Whether `at` falls in the window [from, to) of local time. A window whose end is before its start
 * spans midnight (22:00–07:00). An unknown time zone never silences anyone: a push too many beats a
 * missed escalation.
 */
export function isQuietAt(q: QuietHours, at: Date) {
  if (!isKnownTimeZone(q.timeZone) || q.fromMinute === q.toMinute) return false;
  const m = localMinuteOfDay(at, q.timeZone);
  return q.fromMinute < q.toMinute
    ? m >= q.fromMinute && m < q.toMinute
    : m >= q.fromMinute || m < q.toMinute;
}

/** "HH:MM" ↔ minutes after midnight. */
export const parseClock = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
export const formatClock = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
