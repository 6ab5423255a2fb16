/**
 * The time arithmetic of one schedule layer, in the schedule's IANA time zone: where each shift of a
 * rotation starts and ends, and when a layer's weekly restrictions let it be on call. Pure (no
 * database); `on-call.ts` combines layers and overrides into a timeline.
 *
 * All instants are epoch milliseconds. Wall-clock work goes through Temporal (the polyfill on
 * Node 20), so a hand-off at 09:00 local stays at 09:00 on both sides of a DST change.
 */
import { RRuleTemporal } from 'rrule-temporal';
import { Temporal } from 'temporal-polyfill';
import { WEEKDAYS, type Weekday } from '../../../shared/schedules';
import { BoundedMemo } from '../../lib/bounded-memo';

export type Restriction = { days: Weekday[]; start: string; end: string };
export type Rotation = { start: string; length_hours: number } | { start: string; rrule: string };

/** One shift of a rotation: the k-th hand-off (k from 0) and the instants it starts and ends. */
export type Shift = { k: number; s: number; e: number };

export interface Rotor {
  /** The shift running at `ms`; null before the first hand-off or after the last one. */
  shiftAt(ms: number): Shift | null;
  /** The first hand-off. */
  readonly first: number;
}

const HOUR = 3_600_000;
/** A recurrence that never ends is expanded this far at most (e.g. hourly for two years). */
const MAX_OCCURRENCES = 20_000;

/** Small least-recently-used memo: rotors and restriction days are reused across requests. */
class Lru<V> {
  private map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string, make: () => V): V {
    const hit = this.map.get(key);
    if (hit !== undefined) {
      this.map.delete(key);
      this.map.set(key, hit);
      return hit;
    }
    const value = make();
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
    return value;
  }
}

const OFFSET_SUFFIX = /(?:[zZ]|[+-]\d\d(?::?\d\d)?)$/;

/**
 * A rotation's start in the schedule's zone. With an offset (`…Z`, `…+01:00`) it is that instant;
 * without one it is a wall-clock time in the zone (a time skipped by DST moves forward).
 */
export function zonedStart(timeZone: string, start: string): Temporal.ZonedDateTime {
  if (OFFSET_SUFFIX.test(start.trim())) return Temporal.Instant.from(start).toZonedDateTimeISO(timeZone);
  return Temporal.PlainDateTime.from(start).toZonedDateTime(timeZone, { disambiguation: 'compatible' });
}

/**
 * Fixed-length shifts. A length in whole days adds calendar days in the zone, so the hand-off keeps
 * its local time across DST (that shift is 23 or 25 hours long); any other length is exact hours.
 */
function fixedRotor(start: Temporal.ZonedDateTime, hours: number): Rotor {
  const startMs = start.epochMilliseconds;
  const days = hours % 24 === 0 ? hours / 24 : 0;
  const len = hours * HOUR;
  const memo = new BoundedMemo<number, number>(5_000);
  const handOff = (k: number) =>
    days ? memo.get(k, () => start.add({ days: k * days }).epochMilliseconds) : startMs + k * len;
  return {
    first: startMs,
    shiftAt(ms) {
      if (ms < startMs) return null;
      // Exact for fixed hours; for days a DST hour can put the estimate one shift off either way.
      let k = Math.floor((ms - startMs) / len);
      let s = handOff(k);
      while (s > ms) s = handOff(--k);
      let e = handOff(k + 1);
      while (e <= ms) {
        s = e;
        e = handOff(++k + 1);
      }
      return { k, s, e };
    },
  };
}

/** Shifts from an RFC 5545 recurrence: each occurrence is a hand-off, the shift lasts until the next. */
function rruleRotor(start: Temporal.ZonedDateTime, rrule: string): Rotor {
  const rule = new RRuleTemporal({ rruleString: rrule, dtstart: start });
  const occ: number[] = [];
  let done = false;
  // Occurrences are expanded lazily and kept (the rotor is memoised), so the k-th hand-off is counted once.
  const extendPast = (ms: number) => {
    while (!done && (occ.length === 0 || occ[occ.length - 1]! <= ms)) {
      if (occ.length >= MAX_OCCURRENCES) {
        done = true;
        break;
      }
      const next =
        occ.length === 0
          ? rule.next(new Date(start.epochMilliseconds), true)
          : rule.next(new Date(occ.at(-1)!));
      if (next) occ.push(next.epochMilliseconds);
      else done = true;
    }
  };
  extendPast(start.epochMilliseconds);
  return {
    first: occ[0] ?? Number.POSITIVE_INFINITY,
    shiftAt(ms) {
      extendPast(ms);
      let lo = 0;
      let hi = occ.length - 1;
      let k = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (occ[mid]! <= ms) {
          k = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      // The last occurrence of a finite rule hands off to nobody: the layer ends there.
      if (k < 0 || k + 1 >= occ.length) return null;
      return { k, s: occ[k]!, e: occ[k + 1]! };
    },
  };
}

const rotors = new Lru<Rotor>(2_000);

/** The rotor of a layer's rotation (memoised by zone and rotation, so repeated questions are cheap). */
export function rotorFor(timeZone: string, rotation: Rotation): Rotor {
  const key = `${timeZone}\n${JSON.stringify(rotation)}`;
  return rotors.get(key, () => {
    const start = zonedStart(timeZone, rotation.start);
    return 'rrule' in rotation ? rruleRotor(start, rotation.rrule) : fixedRotor(start, rotation.length_hours);
  });
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const dayWindows = new Lru<[number, number][]>(20_000);
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a calendar date (plain arithmetic: no time zone involved). */
const epochDay = (d: Temporal.PlainDate) => Date.UTC(d.year, d.month - 1, d.day) / DAY_MS;
const dateOfEpochDay = (n: number) => {
  const d = new Date(n * DAY_MS);
  return new Temporal.PlainDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
};

/**
 * The restriction windows that START on one local date (as an epoch day), as instants. A window
 * whose end is not after its start crosses midnight (18:00–08:00 ends the next morning; equal
 * times mean 24 hours). Memoised: the Temporal work is done once per zone, rule set and date.
 */
function windowsStartingOn(timeZone: string, restrictions: Restriction[], rulesKey: string, day: number) {
  return dayWindows.get(`${timeZone}\n${rulesKey}\n${day}`, () => {
    const date = dateOfEpochDay(day);
    const weekday = WEEKDAYS[date.dayOfWeek - 1]!;
    const local = (d: Temporal.PlainDate, minutes: number) =>
      d.toZonedDateTime({
        timeZone,
        plainTime: new Temporal.PlainTime(Math.floor(minutes / 60), minutes % 60),
      }).epochMilliseconds;
    return restrictions
      .filter((r) => r.days.includes(weekday))
      .map((r): [number, number] => {
        const s = minutesOf(r.start);
        const e = minutesOf(r.end);
        return [local(date, s), local(e > s ? date : date.add({ days: 1 }), e)];
      });
  });
}

/** Sorted, merged windows in which a restricted layer may be on call, clipped to [from, to). */
export function restrictionWindows(
  timeZone: string,
  restrictions: Restriction[],
  from: number,
  to: number,
): [number, number][] {
  const localDay = (ms: number) =>
    epochDay(Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone).toPlainDate());
  const rulesKey = JSON.stringify(restrictions);
  const last = localDay(to);
  const raw: [number, number][] = [];
  // A window that started the day before may still be running at `from`.
  for (let day = localDay(from) - 1; day <= last; day++) {
    for (const [s, e] of windowsStartingOn(timeZone, restrictions, rulesKey, day)) {
      if (e > from && s < to) raw.push([Math.max(s, from), Math.min(e, to)]);
    }
  }
  raw.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const w of raw) {
    const prev = merged.at(-1);
    if (prev && w[0] <= prev[1]) prev[1] = Math.max(prev[1], w[1]);
    else merged.push([w[0], w[1]]);
  }
  return merged;
}
