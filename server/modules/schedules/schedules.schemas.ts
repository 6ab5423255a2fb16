import { z } from '@hono/zod-openapi';
import { SCHEDULE_LIMITS as L, WEEKDAYS } from '../../../shared/schedules';
import { rotationProblem, timeZoneProblem } from './schedule-rules';

/** Moments the database and the calendar arithmetic both handle comfortably. */
const inRange = (iso: string) => {
  const ms = Date.parse(iso);
  return ms >= Date.UTC(1970, 0, 1) && ms < Date.UTC(9000, 0, 1);
};
const RANGE = 'must be between 1970 and 9000';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
/** A date-time, with an offset (an instant) or without (a wall-clock time in the schedule's zone). */
const LOCAL_OR_ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/;

const RotationStart = z
  .string()
  .regex(LOCAL_OR_ZONED, 'a date-time such as 2026-03-02T09:00 (local) or 2026-03-02T09:00:00Z')
  .openapi({ example: '2026-03-02T09:00' });

const Rotation = z.union([
  z.object({
    start: RotationStart,
    length_hours: z.number().int().min(1).max(L.maxLengthHours),
  }),
  z.object({
    start: RotationStart,
    rrule: z.string().trim().min(1).max(500).openapi({ example: 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=9' }),
  }),
]);

const Restriction = z
  .object({
    days: z
      .array(z.enum(WEEKDAYS))
      .min(1, 'pick at least one day')
      .max(7)
      .transform((d) => [...new Set(d)]),
    start: z.string().regex(HHMM, 'a time HH:MM'),
    end: z.string().regex(HHMM, 'a time HH:MM'),
  })
  .openapi({
    description:
      'A weekly window starting on each listed day; an end at or before the start runs into the next day',
  });

const Layer = z.object({
  name: z.string().trim().min(1).max(80),
  members: z.array(z.uuid()).min(1, 'a layer needs at least one member').max(L.maxMembers),
  rotation: Rotation,
  restrictions: z.array(Restriction).max(L.maxRestrictions).optional(),
});

export const ScheduleBody = z
  .object({
    name: z.string().trim().min(1).max(120),
    time_zone: z.string().min(1).max(64).openapi({ example: 'Europe/London' }),
    layers: z.array(Layer).min(1).max(L.maxLayers).openapi({ description: 'Highest first' }),
  })
  .superRefine((s, ctx) => {
    const tz = timeZoneProblem(s.time_zone);
    if (tz) {
      ctx.addIssue({ code: 'custom', path: ['time_zone'], message: tz });
      return;
    }
    s.layers.forEach((l, i) => {
      const problem = rotationProblem(s.time_zone, l.rotation);
      if (problem) ctx.addIssue({ code: 'custom', path: ['layers', i, 'rotation'], message: problem });
    });
  })
  .openapi('ScheduleInput');

export const OverrideBody = z
  .object({
    user_id: z.uuid(),
    start: z.iso.datetime({ offset: true }).refine(inRange, RANGE),
    end: z.iso.datetime({ offset: true }).refine(inRange, RANGE),
  })
  .superRefine((o, ctx) => {
    const ms = Date.parse(o.end) - Date.parse(o.start);
    if (!(ms > 0)) ctx.addIssue({ code: 'custom', path: ['end'], message: 'must be after start' });
    else if (ms > L.maxOverrideDays * 86_400_000)
      ctx.addIssue({
        code: 'custom',
        path: ['end'],
        message: `an override lasts at most ${L.maxOverrideDays} days`,
      });
  })
  .openapi('ScheduleOverrideInput');

export const OnCallQuery = z.object({
  at: z.iso
    .datetime({ offset: true })
    .refine(inRange, RANGE)
    .optional()
    .openapi({ param: { name: 'at', in: 'query' }, example: '2026-03-29T08:00:00Z' }),
});

export const WeekQuery = z.object({
  start: z.iso
    .date()
    .refine(inRange, RANGE)
    .optional()
    .openapi({
      param: { name: 'start', in: 'query' },
      description: 'First local date; default: this week’s Monday',
    }),
});

export const FeedQuery = z.object({
  token: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'token', in: 'query' } }),
});

export const ScheduleOverrideParams = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }),
  override_id: z.uuid().openapi({ param: { name: 'override_id', in: 'path' } }),
});

const Person = z.object({ id: z.string(), name: z.string() });

const SourceOut = z
  .object({ kind: z.enum(['override', 'layer']), layer_name: z.string().nullable() })
  .openapi('OnCallSource');

const LayerOut = z.object({
  name: z.string(),
  members: z.array(z.string()),
  rotation: z.union([
    z.object({ start: z.string(), length_hours: z.number() }),
    z.object({ start: z.string(), rrule: z.string() }),
  ]),
  restrictions: z.array(z.object({ days: z.array(z.enum(WEEKDAYS)), start: z.string(), end: z.string() })),
});

export const ScheduleOverride = z
  .object({ id: z.string(), user: Person, start: z.string(), end: z.string() })
  .openapi('ScheduleOverride');

export const Schedule = z
  .object({
    id: z.string(),
    name: z.string(),
    time_zone: z.string(),
    layers: z.array(LayerOut),
    /** Names of everyone the layers and overrides mention; `active` false once they cannot be on call. */
    people: z.array(Person.extend({ active: z.boolean() })),
    has_calendar_feed: z.boolean(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Schedule');

export const ScheduleDetail = z
  .object({
    schedule: Schedule,
    /** Overrides that have not ended yet, soonest first. */
    overrides: z.array(ScheduleOverride),
  })
  .openapi('ScheduleDetail');

export const OnCallAnswer = z
  .object({
    at: z.string(),
    user: Person.nullable(),
    source: SourceOut.nullable(),
    until: z.string().nullable(),
    next: z
      .object({ user: Person, start: z.string(), end: z.string().nullable(), source: SourceOut })
      .nullable(),
  })
  .openapi('OnCall');

export const ScheduleWeek = z
  .object({
    time_zone: z.string(),
    days: z.array(
      z.object({
        date: z.string(),
        /** One block per local hour (23 or 25 on a DST day), each with who is on call at its start. */
        blocks: z.array(
          z.object({
            start: z.string(),
            local_time: z.string(),
            user: Person.nullable(),
            source: SourceOut.nullable(),
          }),
        ),
      }),
    ),
  })
  .openapi('ScheduleWeek');

export const CalendarLink = z
  .object({
    calendar_url: z.string().openapi({ description: 'Shown once; rotating it again revokes this one' }),
  })
  .openapi('ScheduleCalendarLink');
