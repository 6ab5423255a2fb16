import { createRoute, z } from '@hono/zod-openapi';
import { calendarFeed } from '../../modules/schedules/calendar-feed';
import type { Source } from '../../modules/schedules/on-call';
import type { Person } from '../../modules/schedules/schedules.repo';
import {
  CalendarLink,
  FeedQuery,
  OnCallAnswer,
  OnCallQuery,
  OverrideBody,
  Schedule,
  ScheduleBody,
  ScheduleDetail,
  ScheduleOverride,
  ScheduleOverrideParams,
  ScheduleWeek,
  WeekQuery,
} from '../../modules/schedules/schedules.schemas';
import * as schedules from '../../modules/schedules/schedules.service';
import type { ScheduleView } from '../../modules/schedules/schedules.service';
import { ctxOf } from '../middleware/auth';
import {
  commonErrors,
  cookieAuth,
  createRouter,
  errorResponse,
  IdParam,
  jsonBody,
  jsonResponse,
} from '../openapi';

const tags = ['schedules'];

function presentSchedule(v: Pick<ScheduleView, 'schedule' | 'people'>) {
  const s = v.schedule;
  return {
    id: s.id,
    name: s.name,
    time_zone: s.time_zone,
    layers: s.layers.map((l) => ({ ...l, restrictions: l.restrictions ?? [] })),
    people: v.people.map((p) => ({ id: p.id, name: p.name, active: p.senior_active })),
    has_calendar_feed: s.calendar_token_hash !== null,
    created_at: s.created_at.toISOString(),
    updated_at: s.updated_at.toISOString(),
  };
}

const presentDetail = (v: ScheduleView) => ({
  schedule: presentSchedule(v),
  overrides: v.overrides.map((o) => ({
    id: o.id,
    user: { id: o.user_id, name: o.user_name },
    start: o.starts_at.toISOString(),
    end: o.ends_at.toISOString(),
  })),
});

const presentSource = (s: Source | null) =>
  s && { kind: s.kind, layer_name: s.kind === 'layer' ? s.layer_name : null };

const personOf = (people: Map<string, Person>, id: string | null) =>
  id ? { id, name: people.get(id)?.name ?? '' } : null;

const list = createRoute({
  method: 'get',
  path: '/schedules',
  tags,
  security: cookieAuth,
  summary: 'On-call schedules of the account (engineers, admins, owners)',
  responses: { 200: jsonResponse(z.object({ items: z.array(Schedule) }), 'Schedules'), ...commonErrors },
});
const create = createRoute({
  method: 'post',
  path: '/schedules',
  tags,
  security: cookieAuth,
  summary: 'Create an on-call schedule (admin, owner); layers highest first',
  request: { body: jsonBody(ScheduleBody) },
  responses: { 201: jsonResponse(ScheduleDetail, 'Created'), ...commonErrors },
});
const read = createRoute({
  method: 'get',
  path: '/schedules/{id}',
  tags,
  security: cookieAuth,
  summary: 'A schedule with its overrides that have not ended (engineers, admins, owners)',
  request: { params: IdParam },
  responses: { 200: jsonResponse(ScheduleDetail, 'Schedule'), ...commonErrors },
});
const replace = createRoute({
  method: 'put',
  path: '/schedules/{id}',
  tags,
  security: cookieAuth,
  summary: 'Replace a schedule’s name, zone and layers (admin, owner); overrides stay',
  request: { params: IdParam, body: jsonBody(ScheduleBody) },
  responses: { 200: jsonResponse(ScheduleDetail, 'Updated'), ...commonErrors },
});
const remove = createRoute({
  method: 'delete',
  path: '/schedules/{id}',
  tags,
  security: cookieAuth,
  summary: 'Delete a schedule (admin, owner); 409 SCHEDULE_IN_USE while the escalation policy pages it',
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, 409: errorResponse('The policy pages it'), ...commonErrors },
});
const addOverride = createRoute({
  method: 'post',
  path: '/schedules/{id}/overrides',
  tags,
  security: cookieAuth,
  summary: 'Put someone on call for a stretch, over every layer (admin, owner)',
  request: { params: IdParam, body: jsonBody(OverrideBody) },
  responses: { 201: jsonResponse(z.object({ override: ScheduleOverride }), 'Added'), ...commonErrors },
});
const removeOverride = createRoute({
  method: 'delete',
  path: '/schedules/{id}/overrides/{override_id}',
  tags,
  security: cookieAuth,
  summary: 'Remove an override (admin, owner)',
  request: { params: ScheduleOverrideParams },
  responses: { 204: { description: 'Removed' }, ...commonErrors },
});
const onCall = createRoute({
  method: 'get',
  path: '/schedules/{id}/on-call',
  tags,
  security: cookieAuth,
  summary: 'Who is on call at a moment (default now), until when, and who is next',
  request: { params: IdParam, query: OnCallQuery },
  responses: { 200: jsonResponse(OnCallAnswer, 'On call'), ...commonErrors },
});
const week = createRoute({
  method: 'get',
  path: '/schedules/{id}/week',
  tags,
  security: cookieAuth,
  summary: 'Seven days of local hour blocks in the schedule’s zone, with who is on call in each',
  request: { params: IdParam, query: WeekQuery },
  responses: { 200: jsonResponse(ScheduleWeek, 'Week'), ...commonErrors },
});
const rotateCalendar = createRoute({
  method: 'post',
  path: '/schedules/{id}/calendar-link',
  tags,
  security: cookieAuth,
  summary: 'A new private iCalendar link for the schedule (admin, owner); the previous one stops working',
  request: { params: IdParam },
  responses: { 201: jsonResponse(CalendarLink, 'The link, shown once'), ...commonErrors },
});
const calendar = createRoute({
  method: 'get',
  path: '/schedules/{id}/calendar.ics',
  tags,
  summary:
    'The schedule’s private iCalendar feed: past week and coming four weeks (the token is the credential)',
  request: { params: IdParam, query: FeedQuery },
  responses: {
    200: { description: 'text/calendar', content: { 'text/calendar': { schema: z.string() } } },
    400: commonErrors[400],
    404: errorResponse('Unknown schedule, or a wrong or revoked token'),
    503: commonErrors[503],
  },
});

export const scheduleRoutes = createRouter()
  .openapi(list, async (c) =>
    c.json({ items: (await schedules.listSchedules(ctxOf(c))).map(presentSchedule) }, 200),
  )
  .openapi(create, async (c) =>
    c.json(presentDetail(await schedules.createSchedule(ctxOf(c), c.req.valid('json'))), 201),
  )
  .openapi(read, async (c) =>
    c.json(presentDetail(await schedules.getSchedule(ctxOf(c), c.req.valid('param').id)), 200),
  )
  .openapi(replace, async (c) =>
    c.json(
      presentDetail(await schedules.updateSchedule(ctxOf(c), c.req.valid('param').id, c.req.valid('json'))),
      200,
    ),
  )
  .openapi(remove, async (c) => {
    await schedules.deleteSchedule(ctxOf(c), c.req.valid('param').id);
    return c.body(null, 204);
  })
  .openapi(addOverride, async (c) => {
    const o = await schedules.addOverride(ctxOf(c), c.req.valid('param').id, c.req.valid('json'));
    return c.json({ override: { ...o, start: o.start.toISOString(), end: o.end.toISOString() } }, 201);
  })
  .openapi(removeOverride, async (c) => {
    const { id, override_id } = c.req.valid('param');
    await schedules.deleteOverride(ctxOf(c), id, override_id);
    return c.body(null, 204);
  })
  .openapi(onCall, async (c) => {
    const ctx = ctxOf(c);
    const { at } = c.req.valid('query');
    const r = await schedules.onCall(ctx, c.req.valid('param').id, at ? new Date(at) : ctx.now);
    return c.json(
      {
        at: r.at.toISOString(),
        user: personOf(r.people, r.user_id),
        source: presentSource(r.source),
        until: r.until?.toISOString() ?? null,
        next: r.next && {
          user: personOf(r.people, r.next.user_id)!,
          start: r.next.start.toISOString(),
          end: r.next.end?.toISOString() ?? null,
          source: presentSource(r.next.source)!,
        },
      },
      200,
    );
  })
  .openapi(week, async (c) => {
    const w = await schedules.week(ctxOf(c), c.req.valid('param').id, c.req.valid('query').start);
    return c.json(
      {
        time_zone: w.time_zone,
        days: w.days.map((d) => ({
          date: d.date,
          blocks: d.blocks.map((b) => ({
            start: b.start.toISOString(),
            local_time: b.local_time,
            user: personOf(w.people, b.user_id),
            source: presentSource(b.source),
          })),
        })),
      },
      200,
    );
  })
  .openapi(rotateCalendar, async (c) => {
    const id = c.req.valid('param').id;
    const token = await schedules.rotateCalendarToken(ctxOf(c), id);
    const base = c.get('deps').config.appUrl;
    return c.json({ calendar_url: `${base}/api/v1/schedules/${id}/calendar.ics?token=${token}` }, 201);
  })
  .openapi(calendar, async (c) => {
    const { db, clock } = c.get('deps');
    const ics = await calendarFeed(db, c.req.valid('param').id, c.req.valid('query').token, clock());
    return c.body(ics, 200, {
      'content-type': 'text/calendar; charset=utf-8',
      'cache-control': 'private, max-age=300',
    });
  });
