/**
 * Who is on call (SPEC §15), as pure functions of a schedule, its overrides and a moment: no
 * database, no clock. At any instant the on-call person is the covering override (the most recently
 * added wins when overrides overlap), else the member on shift in the highest layer that has
 * someone on call then, else nobody.
 */
import { restrictionWindows, rotorFor, type Restriction, type Rotation } from './rotation';

export type { Restriction, Rotation } from './rotation';

export type Layer = { name: string; members: string[]; rotation: Rotation; restrictions?: Restriction[] };
export type ScheduleSpec = { time_zone: string; layers: Layer[] };
/** Listed oldest first: a later override wins where two overlap. */
export type Override = { user_id: string; start: Date; end: Date };

export type Source = { kind: 'override' } | { kind: 'layer'; layer_index: number; layer_name: string };
export type Segment = { start: Date; end: Date; user_id: string | null; source: Source | null };

export type OnCall = {
  user_id: string | null;
  source: Source | null;
  /** When the current answer changes; null when it does not change within the horizon. */
  until: Date | null;
  /** The next person to be on call after the current one, and their stretch. */
  next: { user_id: string; start: Date; end: Date | null; source: Source } | null;
};

type Span = { s: number; e: number; user: string };

const DAY = 86_400_000;
/** How far ahead "until" and "next" look, widening only when nothing changes sooner. */
export const LOOKAHEAD_DAYS = [8, 36, 120] as const;

/**
 * The stretches in [from, to) where a layer has someone on call: its shifts, cut to its weekly
 * restrictions. A shift whose member no longer qualifies (`eligible`) leaves a gap rather than
 * shifting the rotation, so everyone else keeps their turns.
 */
function layerSpans(
  timeZone: string,
  layer: Layer,
  from: number,
  to: number,
  eligible?: (userId: string) => boolean,
): Span[] {
  if (layer.members.length === 0) return [];
  const rotor = rotorFor(timeZone, layer.rotation);
  const shifts: Span[] = [];
  let shift = rotor.shiftAt(Math.max(from, rotor.first));
  while (shift && shift.s < to) {
    const user = layer.members[shift.k % layer.members.length]!;
    if (!eligible || eligible(user)) {
      shifts.push({ s: Math.max(shift.s, from), e: Math.min(shift.e, to), user });
    }
    shift = rotor.shiftAt(shift.e);
  }
  if (!layer.restrictions?.length || shifts.length === 0) return shifts;
  const windows = restrictionWindows(timeZone, layer.restrictions, from, to);
  const out: Span[] = [];
  let w = 0;
  for (const sh of shifts) {
    while (w < windows.length && windows[w]![1] <= sh.s) w++;
    for (let i = w; i < windows.length && windows[i]![0] < sh.e; i++) {
      const s = Math.max(sh.s, windows[i]![0]);
      const e = Math.min(sh.e, windows[i]![1]);
      if (e > s) out.push({ s, e, user: sh.user });
    }
  }
  return out;
}

const sameSource = (a: Source | null, b: Source | null) =>
  a?.kind === b?.kind && (a?.kind !== 'layer' || (b as typeof a).layer_index === a.layer_index);

/**
 * The on-call timeline over [from, to): consecutive segments, each with one answer (a person and
 * why, or nobody). Neighbouring segments always differ.
 */
export function timeline(
  spec: ScheduleSpec,
  overrides: Override[],
  from: Date,
  to: Date,
  eligible?: (userId: string) => boolean,
): Segment[] {
  const f = from.getTime();
  const t = to.getTime();
  if (t <= f) return [];
  const layers = spec.layers.map((l) => layerSpans(spec.time_zone, l, f, t, eligible));
  const ovs = overrides
    .filter((o) => o.end.getTime() > f && o.start.getTime() < t && (!eligible || eligible(o.user_id)))
    .map((o) => ({ s: o.start.getTime(), e: o.end.getTime(), user: o.user_id }));

  const cuts = new Set<number>([f, t]);
  for (const spans of layers) for (const sp of spans) cuts.add(sp.s).add(sp.e);
  for (const o of ovs) {
    if (o.s > f) cuts.add(o.s);
    if (o.e < t) cuts.add(o.e);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const cursor = layers.map(() => 0);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const p = points[i]!;
    let user: string | null = null;
    let source: Source | null = null;
    for (let j = ovs.length - 1; j >= 0; j--) {
      const o = ovs[j]!;
      if (o.s <= p && p < o.e) {
        user = o.user;
        source = { kind: 'override' };
        break;
      }
    }
    for (let li = 0; user === null && li < layers.length; li++) {
      const spans = layers[li]!;
      while (cursor[li]! < spans.length && spans[cursor[li]!]!.e <= p) cursor[li]!++;
      const sp = spans[cursor[li]!];
      if (sp && sp.s <= p) {
        user = sp.user;
        source = { kind: 'layer', layer_index: li, layer_name: spec.layers[li]!.name };
      }
    }
    const prev = out.at(-1);
    if (prev && prev.user_id === user && sameSource(prev.source, source)) prev.end = new Date(points[i + 1]!);
    else out.push({ start: new Date(p), end: new Date(points[i + 1]!), user_id: user, source });
  }
  return out;
}

/** The answer at one moment. */
export function onCallAt(
  spec: ScheduleSpec,
  overrides: Override[],
  at: Date,
  eligible?: (userId: string) => boolean,
): { user_id: string | null; source: Source | null } {
  const [seg] = timeline(spec, overrides, at, new Date(at.getTime() + 1), eligible);
  return { user_id: seg?.user_id ?? null, source: seg?.source ?? null };
}

/**
 * Who is on call at `at`, until when, and who comes next, looking `days` ahead only. The answer is
 * final when it names someone next; otherwise a wider window may find them. The overrides given must
 * cover [at, at + days).
 */
export function whoIsOnCallWithin(
  spec: ScheduleSpec,
  overrides: Override[],
  at: Date,
  days: number,
  eligible?: (userId: string) => boolean,
): OnCall {
  const end = at.getTime() + days * DAY;
  const segs = timeline(spec, overrides, at, new Date(end), eligible);
  const cur = segs[0]!;
  const ends = (s: Segment) => (s.end.getTime() < end ? s.end : null);
  const nextIdx = segs.findIndex((s, i) => i > 0 && s.user_id !== null);
  const next = nextIdx > 0 ? segs[nextIdx]! : null;
  return {
    user_id: cur.user_id,
    source: cur.source,
    until: ends(cur),
    next: next && { user_id: next.user_id!, start: next.start, end: ends(next), source: next.source! },
  };
}

/**
 * Who is on call at `at`, until when, and who comes next. Looks a week ahead first and further only
 * when nothing changes sooner; the overrides given must cover the longest lookahead.
 */
export function whoIsOnCall(
  spec: ScheduleSpec,
  overrides: Override[],
  at: Date,
  eligible?: (userId: string) => boolean,
): OnCall {
  let result: OnCall = { user_id: null, source: null, until: null, next: null };
  for (const days of LOOKAHEAD_DAYS) {
    result = whoIsOnCallWithin(spec, overrides, at, days, eligible);
    if (result.next) break;
  }
  return result;
}
