/**
 * How long ago something happened. The one relative-time helper of the web app: callers pick the
 * wording by where the text sits, so the same age reads naturally in a list, fits on a card and is
 * exact inside a sentence.
 * - `natural` (lists, timestamps; the default): the browser locale's words, "just now" under 45 s,
 *   then "5 minutes ago", "yesterday", "last week", "3 months ago".
 * - `compact` (queue cards, where width is tight): "just now" under a minute, "3 min ago",
 *   "2 h 5 min ago", "3 days ago".
 * - `precise` (inside sentences, e.g. the claim-race toast): "just now" under a second, then
 *   "5 seconds ago", "1 minute ago", "2 hours ago", "3 days ago".
 */
export type TimeAgoStyle = 'natural' | 'compact' | 'precise';

interface TimeAgoOptions {
  /** The current time in ms; pass `useNow()`'s value so the text keeps ticking. */
  now?: number;
  style?: TimeAgoStyle;
  /** Text for a missing or unreadable time. */
  empty?: string;
}

/** `when` is an ISO timestamp or epoch milliseconds. */
export function formatTimeAgo(
  when: string | number | null | undefined,
  { now = Date.now(), style = 'natural', empty = '—' }: TimeAgoOptions = {},
): string {
  const time = typeof when === 'number' ? when : when ? Date.parse(when) : Number.NaN;
  if (Number.isNaN(time)) return empty;
  return WORDINGS[style]((now - time) / 1000);
}

/** Each wording gets the elapsed seconds (negative for a time in the future). */
const WORDINGS: Record<TimeAgoStyle, (elapsedSeconds: number) => string> = {
  natural: naturalWording,
  compact: compactWording,
  precise: preciseWording,
};

const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const NATURAL_UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

function naturalWording(elapsedSeconds: number): string {
  if (Math.abs(elapsedSeconds) < 45) return 'just now';
  let value = -elapsedSeconds;
  for (const [unit, size] of NATURAL_UNITS) {
    if (Math.abs(value) < size) return relativeFormat.format(Math.round(value), unit);
    value /= size;
  }
  return relativeFormat.format(Math.round(value), 'year'); // Not reached: years have no upper bound.
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

function compactWording(elapsedSeconds: number): string {
  const s = Math.max(0, Math.floor(elapsedSeconds));
  if (s < 60) return 'just now';
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    const rest = minutes % 60;
    return rest ? `${hours} h ${rest} min ago` : `${hours} h ago`;
  }
  return `${plural(Math.floor(hours / 24), 'day')} ago`;
}

function preciseWording(elapsedSeconds: number): string {
  const s = Math.max(0, Math.round(elapsedSeconds));
  if (s < 1) return 'just now';
  if (s < 60) return `${plural(s, 'second')} ago`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${plural(minutes, 'minute')} ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${plural(hours, 'hour')} ago`;
  return `${plural(Math.floor(hours / 24), 'day')} ago`;
}
