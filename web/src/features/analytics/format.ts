/** Human formatting for the analytics screens. Every function takes seconds and shows "—" for no data. */

export const NO_DATA = '—';

/** "45 s", "1 min 30 s", "2 h 5 min", "3 d 4 h": two units at most, so values stay scannable. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return NO_DATA;
  const sign = seconds < 0 ? '−' : '';
  const abs = Math.abs(seconds);
  if (abs > 0 && abs < 1) return `${sign}< 1 s`;
  const total = Math.round(abs);
  if (total < 60) return `${sign}${total} s`;
  const pairs: Array<[number, string, number, string]> = [
    [86_400, 'd', 3600, 'h'],
    [3600, 'h', 60, 'min'],
    [60, 'min', 1, 's'],
  ];
  for (const [size, unit, subSize, subUnit] of pairs) {
    if (total < size) continue;
    // Round to the smaller unit first, so 59 min 59.6 s becomes "1 h", never "59 min 60 s".
    const inSub = Math.round(total / subSize);
    const whole = Math.floor(inSub / (size / subSize));
    const rest = inSub - whole * (size / subSize);
    return `${sign}${whole} ${unit}${rest ? ` ${rest} ${subUnit}` : ''}`;
  }
  return `${sign}${total} s`;
}

/** Stopwatch face: "02:05", or "1:02:05" past an hour. */
export function formatClock(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${pad(minutes)}:${pad(seconds)}`;
}

const percentFormat = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const hoursFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

export function formatPercent(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined ? NO_DATA : percentFormat.format(ratio);
}

export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? NO_DATA : numberFormat.format(value);
}

/** "1.25 h"; negative values keep a real minus sign. */
export function formatHours(hours: number | null | undefined): string {
  if (hours === null || hours === undefined) return NO_DATA;
  const text = hoursFormat.format(Math.abs(hours));
  return `${hours < 0 ? '−' : ''}${text} h`;
}

/** Minutes with one decimal, for chart axes. */
export function toMinutes(seconds: number | null): number | null {
  return seconds === null ? null : Math.round((seconds / 60) * 10) / 10;
}

const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const longDayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** A series day ('YYYY-MM-DD', UTC) as "Jun 10"; `long` gives "Jun 10, 2030". */
export function formatDay(day: string, long = false): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return (long ? longDayFormat : dayFormat).format(date);
}
