import { Temporal } from 'temporal-polyfill';
import { withTenant } from '../../db/tenant';
import type { Queryable } from '../../db/types';
import { AppError, conflict, notFound } from '../../lib/app-error';
import { hashSecret, newId, newSecret } from '../../lib/crypto';
import { insertAudit } from '../audit/audit.repo';
import type { Ctx } from '../context';
import {
  LOOKAHEAD_DAYS,
  timeline,
  whoIsOnCallWithin,
  type Layer,
  type OnCall,
  type ScheduleSpec,
} from './on-call';
import { cachedDefinition, loadDefinition } from './schedule-definitions';
import * as repo from './schedules.repo';
import { assertMayEditSchedules, assertMayReadSchedules } from './schedules.permissions';

export type ScheduleInput = { name: string; time_zone: string; layers: Layer[] };
export type OverrideInput = { user_id: string; start: string; end: string };

const DAY = 86_400_000;
const FAR_FUTURE = new Date('9999-12-31T00:00:00Z');

/** Stored form of the input: RRULEs without an `RRULE:` prefix, no empty restriction lists. */
function normalise(input: ScheduleInput): ScheduleInput {
  return {
    name: input.name,
    time_zone: input.time_zone,
    layers: input.layers.map((l) => ({
      name: l.name,
      members: l.members.map((m) => m.toLowerCase()),
      rotation:
        'rrule' in l.rotation
          ? { start: l.rotation.start, rrule: l.rotation.rrule.replace(/^RRULE:/i, '') }
          : { start: l.rotation.start, length_hours: l.rotation.length_hours },
      ...(l.restrictions?.length ? { restrictions: l.restrictions } : {}),
    })),
  };
}

const invalid = (path: string, message: string) =>
  new AppError('VALIDATION_ERROR', `Invalid request: ${path}: ${message}`, { details: [{ path, message }] });

/** Everyone on a layer must be an active engineer, admin or owner of this account. */
async function assertMembersQualify(tx: Queryable, accountId: string, layers: Layer[]) {
  const ids = [...new Set(layers.flatMap((l) => l.members))];
  const found = await repo.people(tx, accountId, ids);
  layers.forEach((l, i) =>
    l.members.forEach((m, j) => {
      if (!found.get(m)?.senior_active)
        throw invalid(`layers.${i}.members.${j}`, 'not an active engineer, admin or owner of this account');
    }),
  );
}

async function loadOwn(tx: Queryable, accountId: string, id: string) {
  const s = await repo.findSchedule(tx, accountId, id);
  if (!s) throw notFound('Schedule');
  return s;
}

export type ScheduleView = {
  schedule: repo.ScheduleRow;
  people: repo.Person[];
  overrides: repo.OverrideRow[];
};

async function view(tx: Queryable, accountId: string, s: repo.ScheduleRow, now: Date): Promise<ScheduleView> {
  const overrides = await repo.overridesInWindow(tx, accountId, [s.id], now, FAR_FUTURE);
  const ids = [...new Set([...s.layers.flatMap((l) => l.members), ...overrides.map((o) => o.user_id)])];
  const people = [...(await repo.people(tx, accountId, ids)).values()];
  return { schedule: s, people, overrides: overrides.sort((a, b) => +a.starts_at - +b.starts_at) };
}

export function listSchedules(ctx: Ctx) {
  assertMayReadSchedules(ctx.actor.role);
  const accountId = ctx.actor.accountId;
  return withTenant(ctx.db, accountId, async (tx) => {
    const rows = await repo.listSchedules(tx, accountId);
    const people = await repo.people(tx, accountId, [
      ...new Set(rows.flatMap((s) => s.layers.flatMap((l) => l.members))),
    ]);
    return rows.map((schedule) => ({
      schedule,
      people: [...new Set(schedule.layers.flatMap((l) => l.members))].flatMap((id) => people.get(id) ?? []),
    }));
  });
}

export function getSchedule(ctx: Ctx, id: string) {
  assertMayReadSchedules(ctx.actor.role);
  const accountId = ctx.actor.accountId;
  return withTenant(ctx.db, accountId, async (tx) =>
    view(tx, accountId, await loadOwn(tx, accountId, id), ctx.now),
  );
}

export function createSchedule(ctx: Ctx, input: ScheduleInput) {
  const { actor } = ctx;
  assertMayEditSchedules(actor.role);
  const s = normalise(input);
  const id = newId();
  return withTenant(ctx.db, actor.accountId, async (tx) => {
    await assertMembersQualify(tx, actor.accountId, s.layers);
    await repo.insertSchedule(tx, actor.accountId, id, s, actor.id, ctx.now);
    await audit(tx, ctx, 'schedule.created', id, { name: s.name });
    return view(tx, actor.accountId, (await repo.findSchedule(tx, actor.accountId, id))!, ctx.now);
  });
}

export function updateSchedule(ctx: Ctx, id: string, input: ScheduleInput) {
  const { actor } = ctx;
  assertMayEditSchedules(actor.role);
  const s = normalise(input);
  return withTenant(ctx.db, actor.accountId, async (tx) => {
    await loadOwn(tx, actor.accountId, id);
    await assertMembersQualify(tx, actor.accountId, s.layers);
    await repo.updateSchedule(tx, actor.accountId, id, s, ctx.now);
    await audit(tx, ctx, 'schedule.updated', id, { name: s.name });
    return view(tx, actor.accountId, (await repo.findSchedule(tx, actor.accountId, id))!, ctx.now);
  });
}

/**
 * Deleting a schedule the saved policy pages would silently turn those levels into "everyone":
 * refused until the policy stops naming it. Escalations in flight keep their snapshot; a schedule
 * gone from under them has nobody on call, so their catch-all answers.
 */
export function deleteSchedule(ctx: Ctx, id: string) {
  const { actor } = ctx;
  assertMayEditSchedules(actor.role);
  return withTenant(ctx.db, actor.accountId, async (tx) => {
    await loadOwn(tx, actor.accountId, id);
    if (await repo.policyNamesSchedule(tx, actor.accountId, id))
      throw conflict(
        'SCHEDULE_IN_USE',
        'The escalation policy pages this schedule; remove it from the policy first',
      );
    await repo.deleteSchedule(tx, actor.accountId, id);
    await audit(tx, ctx, 'schedule.deleted', id);
  });
}

export function addOverride(ctx: Ctx, scheduleId: string, input: OverrideInput) {
  const { actor } = ctx;
  assertMayEditSchedules(actor.role);
  const id = newId();
  return withTenant(ctx.db, actor.accountId, async (tx) => {
    await loadOwn(tx, actor.accountId, scheduleId);
    const who = (await repo.people(tx, actor.accountId, [input.user_id])).get(input.user_id);
    if (!who?.senior_active)
      throw invalid('user_id', 'not an active engineer, admin or owner of this account');
    const start = new Date(input.start);
    const end = new Date(input.end);
    await repo.insertOverride(tx, {
      id,
      accountId: actor.accountId,
      scheduleId,
      userId: input.user_id,
      start,
      end,
      by: actor.id,
      now: ctx.now,
    });
    await audit(tx, ctx, 'schedule.override_added', scheduleId, { override_id: id, user_id: input.user_id });
    return { id, user: { id: who.id, name: who.name }, start, end };
  });
}

export function deleteOverride(ctx: Ctx, scheduleId: string, overrideId: string) {
  const { actor } = ctx;
  assertMayEditSchedules(actor.role);
  return withTenant(ctx.db, actor.accountId, async (tx) => {
    await loadOwn(tx, actor.accountId, scheduleId);
    if (!(await repo.deleteOverride(tx, actor.accountId, scheduleId, overrideId))) throw notFound('Override');
    await audit(tx, ctx, 'schedule.override_removed', scheduleId, { override_id: overrideId });
  });
}

/** Everything the pure resolver needs about one schedule over [from, to). */
export async function loadResolution(
  tx: Queryable,
  accountId: string,
  schedule: repo.ScheduleRow,
  from: Date,
  to: Date,
) {
  const members = [...new Set(schedule.layers.flatMap((l) => l.members))];
  const inputs = await repo.resolutionInputs(tx, accountId, schedule.id, members, from, to);
  // Gone since it was read (deleted by someone else meanwhile).
  if (!inputs) throw notFound('Schedule');
  return resolution({ time_zone: schedule.time_zone, layers: schedule.layers }, inputs);
}

function resolution(
  spec: ScheduleSpec,
  inputs: NonNullable<Awaited<ReturnType<typeof repo.resolutionInputs>>>,
) {
  const { overrides, people } = inputs;
  return {
    spec,
    overrides: overrides.map((o) => ({ user_id: o.user_id, start: o.starts_at, end: o.ends_at })),
    people,
    eligible: (userId: string) => people.get(userId)?.senior_active === true,
  };
}

async function loadOwnDefinition(tx: Queryable, accountId: string, id: string) {
  const def = await loadDefinition(tx, accountId, id);
  if (!def) throw notFound('Schedule');
  return def;
}

/** Who is on call at `at` (default now), until when, and who is next. */
export function onCall(ctx: Ctx, id: string, at: Date = ctx.now) {
  assertMayReadSchedules(ctx.actor.role);
  const accountId = ctx.actor.accountId;
  return withTenant(ctx.db, accountId, async (tx) => {
    // The schedule's definition is memoised per process and checked against the version that comes
    // back with the inputs, so a call usually runs one statement besides BEGIN and COMMIT.
    let def = cachedDefinition(accountId, id) ?? (await loadOwnDefinition(tx, accountId, id));
    // The first window almost always names who is next, so read only its overrides (a few rows
    // instead of four months of them) and widen only when nobody comes on call within it.
    let answer: ReturnType<typeof resolution> & OnCall;
    let window = 0;
    do {
      const days = LOOKAHEAD_DAYS[window]!;
      const to = new Date(at.getTime() + days * DAY);
      let inputs = await repo.resolutionInputs(tx, accountId, id, def.members, at, to);
      if (inputs && inputs.version !== def.version) {
        // Edited since it was memoised (perhaps by another process): read it and its inputs again.
        // Should it change yet again in between, this answer takes the layers from one statement and
        // the people from the next, as every answer did before the memo.
        def = await loadOwnDefinition(tx, accountId, id);
        inputs = await repo.resolutionInputs(tx, accountId, id, def.members, at, to);
      }
      if (!inputs) throw notFound('Schedule');
      const r = resolution(def.spec, inputs);
      answer = { ...r, ...whoIsOnCallWithin(r.spec, r.overrides, at, days, r.eligible) };
    } while (!answer.next && ++window < LOOKAHEAD_DAYS.length);
    const { people, user_id, source, until, next } = answer;
    return { at, people, user_id, source, until, next };
  });
}

/** The Monday of the week holding `now`, as a local date in the zone. */
const mondayOf = (timeZone: string, now: Date) => {
  const d = Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(timeZone).toPlainDate();
  return d.subtract({ days: d.dayOfWeek - 1 });
};

/**
 * A week of local hour blocks in the schedule's zone with who is on call at each block's start. A
 * spring-forward day has 23 blocks, a fall-back day 25 (01:00 appears twice).
 */
export function week(ctx: Ctx, id: string, startDate?: string) {
  assertMayReadSchedules(ctx.actor.role);
  const accountId = ctx.actor.accountId;
  return withTenant(ctx.db, accountId, async (tx) => {
    const s = await loadOwn(tx, accountId, id);
    const tz = s.time_zone;
    const first = startDate ? Temporal.PlainDate.from(startDate) : mondayOf(tz, ctx.now);
    const from = first.toZonedDateTime({ timeZone: tz });
    const to = first.add({ days: 7 }).toZonedDateTime({ timeZone: tz });
    const fromDate = new Date(from.epochMilliseconds);
    const r = await loadResolution(tx, accountId, s, fromDate, new Date(to.epochMilliseconds));
    const segs = timeline(r.spec, r.overrides, fromDate, new Date(to.epochMilliseconds), r.eligible);
    let seg = 0;
    const days = [];
    for (let d = 0; d < 7; d++) {
      const date = first.add({ days: d });
      const end = date.add({ days: 1 }).toZonedDateTime({ timeZone: tz }).epochMilliseconds;
      const blocks = [];
      for (
        let h = date.toZonedDateTime({ timeZone: tz });
        h.epochMilliseconds < end;
        h = h.add({ hours: 1 })
      ) {
        const ms = h.epochMilliseconds;
        while (seg + 1 < segs.length && segs[seg]!.end.getTime() <= ms) seg++;
        const cur = segs[seg];
        blocks.push({
          start: new Date(ms),
          local_time: h.toPlainTime().toString({ smallestUnit: 'minute' }),
          user_id: cur?.user_id ?? null,
          source: cur?.source ?? null,
        });
      }
      days.push({ date: date.toString(), blocks });
    }
    return { time_zone: tz, days, people: r.people };
  });
}

/**
 * A new secret link for the schedule's iCalendar feed. Only its hash is stored, so the link is shown
 * this once; a new one revokes the old.
 */
export function rotateCalendarToken(ctx: Ctx, id: string) {
  const { actor } = ctx;
  assertMayEditSchedules(actor.role);
  const token = newSecret('cal_');
  return withTenant(ctx.db, actor.accountId, async (tx) => {
    await loadOwn(tx, actor.accountId, id);
    await repo.setCalendarTokenHash(tx, actor.accountId, id, hashSecret(token));
    await audit(tx, ctx, 'schedule.calendar_link_rotated', id);
    return token;
  });
}

function audit(tx: Queryable, ctx: Ctx, action: string, id: string, details?: Record<string, unknown>) {
  return insertAudit(
    tx,
    {
      accountId: ctx.actor.accountId,
      actorUserId: ctx.actor.id,
      action,
      targetType: 'schedule',
      targetId: id,
      details,
    },
    ctx.now,
  );
}
