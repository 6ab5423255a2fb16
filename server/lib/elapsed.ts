/**
 * How long something has been going on, for notification texts (bell, email, chat). The one place the
 * server words a length of time; callers pick the wording by what the number is compared with.
 * - `compact` (the "Waiting" fact of a notice): "just now" under a minute, then "12 min",
 *   "2 h 5 min", "3 d"; each part rounded down.
 * - `minutes` (policy texts, whose stages are set in minutes): always "N min", to the nearest minute,
 *   so "Still unclaimed after 90 min" reads like the policy that fired it.
 */
export type ElapsedStyle = 'compact' | 'minutes';

export function formatElapsed(seconds: number, style: ElapsedStyle): string {
  if (style === 'minutes') return `${Math.max(0, Math.round(seconds / 60))} min`;
  if (seconds < 60) return 'just now';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d`;
}

/** Seconds from `from` to `now`, for `formatElapsed`. */
export const secondsBetween = (from: Date, now: Date) => (now.getTime() - from.getTime()) / 1000;
