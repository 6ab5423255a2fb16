import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';
import { ALL_ROLES, createTestAccount } from '../helpers/factories';
import { escalate, level, policy, probe, putPolicy, sorted, testClock } from '../helpers/policies';
import { clientsFor, TestClient } from '../helpers/test-client';

const TEAM = { ...ALL_ROLES, sam: 'engineer', pat: 'engineer' } as const;
type Team = Awaited<ReturnType<typeof createTestAccount<keyof typeof TEAM>>>;
const HOUR = 3_600_000;

describe(`on-call schedules (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  let testApp: TestApp;
  // A Monday morning; tests move it forward only.
  const clock = testClock('2030-03-04T09:00:00.000Z');
  const iso = (offsetMs = 0) => new Date(clock.now().getTime() + offsetMs).toISOString();

  beforeAll(async () => {
    t = await createTestDatabase();
    testApp = createTestApp(t.db, { clock: clock.now });
  });
  afterAll(async () => {
    await testApp.assessments.stop();
    await testApp.policies.stop();
    await t.drop();
  });

  async function team() {
    const acct: Team = await createTestAccount(t.db, TEAM);
    return {
      acct,
      u: acct.users,
      c: await clientsFor(testApp.app, acct.users),
      db: probe(t.db, acct.accountId),
    };
  }

  /** Daily hand-offs in UTC at the current time: `first` on call now, `second` from tomorrow. */
  const daily = (first: string, second: string, extra: Record<string, unknown> = {}) => ({
    name: 'Primary',
    members: [first, second],
    rotation: { start: iso(), length_hours: 24 },
    ...extra,
  });

  async function createSchedule(admin: TestClient, body: unknown) {
    const res = await admin.post('/api/v1/schedules', body);
    expect(res.status, res.text).toBe(201);
    return res.body.schedule as { id: string; name: string };
  }

  describe('the API', () => {
    it('admins write, seniors read, everyone else is refused', async () => {
      const { u, c } = await team();
      const body = { name: 'Support', time_zone: 'Europe/London', layers: [daily(u.sam.id, u.pat.id)] };
      for (const role of ['engineer', 'sam', 'tech', 'viewer'] as const) {
        expect((await c[role].post('/api/v1/schedules', body)).status, role).toBe(403);
      }
      const s = await createSchedule(c.admin, body);
      for (const role of ['owner', 'admin', 'engineer'] as const) {
        const list = await c[role].get('/api/v1/schedules');
        expect(list.status, role).toBe(200);
        expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([s.id]);
        expect((await c[role].get(`/api/v1/schedules/${s.id}/on-call`)).status).toBe(200);
      }
      for (const role of ['tech', 'viewer'] as const) {
        expect((await c[role].get('/api/v1/schedules')).status, role).toBe(403);
        expect((await c[role].get(`/api/v1/schedules/${s.id}`)).status, role).toBe(403);
      }
      expect((await new TestClient(testApp.app).get('/api/v1/schedules')).status).toBe(401);
      expect((await c.engineer.request('PUT', `/api/v1/schedules/${s.id}`, body)).status).toBe(403);
      expect((await c.engineer.request('DELETE', `/api/v1/schedules/${s.id}`)).status).toBe(403);

      // Another account's admin cannot see or change it.
      const other = await team();
      expect((await other.c.admin.get(`/api/v1/schedules/${s.id}`)).status).toBe(404);
      expect((await other.c.admin.request('PUT', `/api/v1/schedules/${s.id}`, body)).status).toBe(404);
      expect((await other.c.admin.get('/api/v1/schedules')).body.items).toEqual([]);
    });

    it('refuses bad input with a 400 and a reason, and changes nothing', async () => {
      const { u, c } = await team();
      const other = await team();
      const layer = daily(u.sam.id, u.pat.id);
      const base = { name: 'Support', time_zone: 'America/New_York', layers: [layer] };
      const cases: [string, unknown, string][] = [
        ['unknown zone', { ...base, time_zone: 'Mars/Olympus' }, 'time_zone'],
        ['abbreviation', { ...base, time_zone: 'EST' }, 'time_zone'],
        ['no layers', { ...base, layers: [] }, 'layers'],
        ['no members', { ...base, layers: [{ ...layer, members: [] }] }, 'members'],
        ['a tech', { ...base, layers: [{ ...layer, members: [u.tech.id] }] }, 'layers.0.members.0'],
        ['a viewer', { ...base, layers: [{ ...layer, members: [u.viewer.id] }] }, 'layers.0.members.0'],
        [
          'another account’s engineer',
          { ...base, layers: [{ ...layer, members: [other.u.sam.id] }] },
          'members',
        ],
        [
          'zero length',
          { ...base, layers: [{ ...layer, rotation: { start: iso(), length_hours: 0 } }] },
          'rotation',
        ],
        [
          'bad start',
          { ...base, layers: [{ ...layer, rotation: { start: 'monday', length_hours: 24 } }] },
          'rotation',
        ],
        [
          'bad rrule',
          { ...base, layers: [{ ...layer, rotation: { start: iso(), rrule: 'FREQ=SOMETIMES' } }] },
          'rotation',
        ],
        [
          'minutely rrule',
          { ...base, layers: [{ ...layer, rotation: { start: iso(), rrule: 'FREQ=MINUTELY' } }] },
          'rotation',
        ],
        [
          'bad time',
          {
            ...base,
            layers: [{ ...layer, restrictions: [{ days: ['mon'], start: '25:00', end: '08:00' }] }],
          },
          'start',
        ],
        [
          'bad day',
          {
            ...base,
            layers: [{ ...layer, restrictions: [{ days: ['funday'], start: '18:00', end: '08:00' }] }],
          },
          'days',
        ],
      ];
      for (const [label, body, where] of cases) {
        const res = await c.admin.post('/api/v1/schedules', body);
        expect(res.status, `${label}: ${res.text}`).toBe(400);
        expect(res.text, label).toContain(where);
      }
      expect((await c.admin.get('/api/v1/schedules')).body.items).toEqual([]);

      const s = await createSchedule(c.admin, base);
      const bad: [string, unknown][] = [
        ['end before start', { user_id: u.sam.id, start: iso(2 * HOUR), end: iso(HOUR) }],
        ['a tech', { user_id: u.tech.id, start: iso(), end: iso(HOUR) }],
        ['no offset', { user_id: u.sam.id, start: '2030-03-04T10:00', end: '2030-03-04T11:00' }],
        ['too long', { user_id: u.sam.id, start: iso(), end: iso(100 * 24 * HOUR) }],
      ];
      for (const [label, body] of bad) {
        const res = await c.admin.post(`/api/v1/schedules/${s.id}/overrides`, body);
        expect(res.status, `${label}: ${res.text}`).toBe(400);
      }
      expect((await c.admin.get(`/api/v1/schedules/${s.id}/on-call?at=yesterday`)).status).toBe(400);
      expect((await c.admin.get(`/api/v1/schedules/${s.id}/week?start=2030-13-01`)).status).toBe(400);
    });

    it('answers who is on call, until when and who is next; overrides win; edits apply', async () => {
      const { u, c } = await team();
      const s = await createSchedule(c.admin, {
        name: 'Support',
        time_zone: 'UTC',
        layers: [daily(u.sam.id, u.pat.id)],
      });
      const now = await c.engineer.get(`/api/v1/schedules/${s.id}/on-call`);
      expect(now.body).toMatchObject({
        user: { id: u.sam.id, name: u.sam.name },
        source: { kind: 'layer', layer_name: 'Primary' },
        until: iso(24 * HOUR),
        next: { user: { id: u.pat.id }, start: iso(24 * HOUR), end: iso(48 * HOUR) },
      });
      const tomorrow = await c.engineer.get(
        `/api/v1/schedules/${s.id}/on-call?at=${encodeURIComponent(iso(30 * HOUR))}`,
      );
      expect(tomorrow.body.user.id).toBe(u.pat.id);

      // "Pat covers 18:00 to 22:00 tonight."
      const added = await c.admin.post(`/api/v1/schedules/${s.id}/overrides`, {
        user_id: u.pat.id,
        start: iso(9 * HOUR),
        end: iso(13 * HOUR),
      });
      expect(added.status, added.text).toBe(201);
      const during = await c.admin.get(
        `/api/v1/schedules/${s.id}/on-call?at=${encodeURIComponent(iso(10 * HOUR))}`,
      );
      expect(during.body).toMatchObject({
        user: { id: u.pat.id },
        source: { kind: 'override' },
        until: iso(13 * HOUR),
      });
      expect((await c.admin.get(`/api/v1/schedules/${s.id}/on-call`)).body.next).toMatchObject({
        user: { id: u.pat.id },
        start: iso(9 * HOUR),
        source: { kind: 'override' },
      });
      const detail = await c.engineer.get(`/api/v1/schedules/${s.id}`);
      expect(detail.body.overrides).toEqual([
        {
          id: added.body.override.id,
          user: { id: u.pat.id, name: u.pat.name },
          start: iso(9 * HOUR),
          end: iso(13 * HOUR),
        },
      ]);
      expect(detail.body.schedule.people.map((p: { id: string }) => p.id).sort()).toEqual(
        sorted([u.sam.id, u.pat.id]),
      );

      const gone = await c.admin.request(
        'DELETE',
        `/api/v1/schedules/${s.id}/overrides/${added.body.override.id}`,
      );
      expect(gone.status).toBe(204);
      expect(
        (await c.admin.request('DELETE', `/api/v1/schedules/${s.id}/overrides/${added.body.override.id}`))
          .status,
      ).toBe(404);
      expect(
        (await c.admin.get(`/api/v1/schedules/${s.id}/on-call?at=${encodeURIComponent(iso(10 * HOUR))}`)).body
          .user.id,
      ).toBe(u.sam.id);

      // Swap the order: Pat first.
      const put = await c.owner.request('PUT', `/api/v1/schedules/${s.id}`, {
        name: 'Support desk',
        time_zone: 'UTC',
        layers: [daily(u.pat.id, u.sam.id)],
      });
      expect(put.status, put.text).toBe(200);
      expect(put.body.schedule.name).toBe('Support desk');
      expect((await c.admin.get(`/api/v1/schedules/${s.id}/on-call`)).body.user.id).toBe(u.pat.id);

      // A member deactivated later is simply not on call: nobody, until the rotation reaches Sam.
      await t.db.query(`UPDATE users SET is_active = false WHERE id = $1`, [u.pat.id]);
      expect((await c.admin.get(`/api/v1/schedules/${s.id}/on-call`)).body).toMatchObject({
        user: null,
        until: iso(24 * HOUR),
        next: { user: { id: u.sam.id } },
      });
    });

    it('looks weeks and months ahead for who is next when nobody changes sooner', async () => {
      const { u, c } = await team();
      const s = await createSchedule(c.admin, {
        name: 'Solo',
        time_zone: 'UTC',
        layers: [{ name: 'Primary', members: [u.sam.id], rotation: { start: iso(), length_hours: 24 } }],
      });
      const DAY = 24 * HOUR;
      const onCallNow = async () => (await c.admin.get(`/api/v1/schedules/${s.id}/on-call`)).body;
      expect(await onCallNow()).toMatchObject({ user: { id: u.sam.id }, until: null, next: null });
      // Beyond the first (8-day) and second (36-day) windows: only the widest one sees it.
      for (const [from, to] of [
        [50, 51],
        [20, 21],
      ]) {
        const added = await c.admin.post(`/api/v1/schedules/${s.id}/overrides`, {
          user_id: u.pat.id,
          start: iso(from! * DAY),
          end: iso(to! * DAY),
        });
        expect(added.status, added.text).toBe(201);
        expect(await onCallNow()).toMatchObject({
          user: { id: u.sam.id },
          until: iso(from! * DAY),
          next: { user: { id: u.pat.id, name: u.pat.name }, start: iso(from! * DAY), end: iso(to! * DAY) },
        });
      }
    });

    it('shows a week of local hour blocks, 23 on the spring-forward day', async () => {
      const { u, c } = await team();
      const s = await createSchedule(c.admin, {
        name: 'London',
        time_zone: 'Europe/London',
        layers: [
          {
            name: 'Evenings',
            members: [u.sam.id],
            rotation: { start: '2030-03-01T00:00', length_hours: 168 },
            restrictions: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '18:00', end: '08:00' }],
          },
          { name: 'Days', members: [u.pat.id], rotation: { start: '2030-03-01T00:00', length_hours: 24 } },
        ],
      });
      // 31 March 2030 is the Sunday the clocks go forward.
      const res = await c.engineer.get(`/api/v1/schedules/${s.id}/week?start=2030-03-25`);
      expect(res.status, res.text).toBe(200);
      expect(res.body.time_zone).toBe('Europe/London');
      expect(
        res.body.days.map((d: { date: string; blocks: unknown[] }) => [d.date, d.blocks.length]),
      ).toEqual([
        ['2030-03-25', 24],
        ['2030-03-26', 24],
        ['2030-03-27', 24],
        ['2030-03-28', 24],
        ['2030-03-29', 24],
        ['2030-03-30', 24],
        ['2030-03-31', 23],
      ]);
      const [monday, tuesday] = res.body.days.map((d: { blocks: unknown[] }) => d.blocks);
      // Sunday night is no weekday evening: the Days layer answers until Monday 18:00.
      expect(monday[7]).toMatchObject({
        local_time: '07:00',
        user: { id: u.pat.id },
        source: { layer_name: 'Days' },
      });
      expect(monday[18]).toMatchObject({
        local_time: '18:00',
        user: { id: u.sam.id },
        source: { layer_name: 'Evenings' },
      });
      expect(tuesday[7]).toMatchObject({ local_time: '07:00', user: { id: u.sam.id } });
      expect(tuesday[8]).toMatchObject({ local_time: '08:00', user: { id: u.pat.id } });
      const sunday = res.body.days[6].blocks;
      expect(sunday.map((b: { local_time: string }) => b.local_time).slice(0, 3)).toEqual([
        '00:00',
        '02:00',
        '03:00',
      ]);
      expect(sunday[1].start).toBe('2030-03-31T01:00:00.000Z');
    });

    it('publishes a private iCalendar feed behind a rotatable token', async () => {
      const { u, c } = await team();
      const s = await createSchedule(c.admin, {
        name: 'Support',
        time_zone: 'UTC',
        layers: [daily(u.sam.id, u.pat.id)],
      });
      const anonymous = new TestClient(testApp.app);
      expect((await anonymous.get(`/api/v1/schedules/${s.id}/calendar.ics?token=cal_nothing`)).status).toBe(
        404,
      );
      expect((await c.engineer.post(`/api/v1/schedules/${s.id}/calendar-link`)).status).toBe(403);
      const link = await c.admin.post(`/api/v1/schedules/${s.id}/calendar-link`);
      expect(link.status, link.text).toBe(201);
      const url = new URL(link.body.calendar_url);
      const feed = await anonymous.get(`${url.pathname}${url.search}`);
      expect(feed.status, feed.text).toBe(200);
      expect(feed.headers.get('content-type')).toContain('text/calendar');
      expect(feed.text).toContain('BEGIN:VCALENDAR');
      expect(feed.text).toContain(`On call: ${u.sam.name} (Primary)`);
      expect(feed.text).toContain(`On call: ${u.pat.name} (Primary)`);
      expect((await c.engineer.get(`/api/v1/schedules/${s.id}`)).body.schedule.has_calendar_feed).toBe(true);

      expect((await anonymous.get(`${url.pathname}?token=${url.searchParams.get('token')}x`)).status).toBe(
        404,
      );
      expect((await anonymous.get(`${url.pathname}`)).status).toBe(400);
      await c.admin.post(`/api/v1/schedules/${s.id}/calendar-link`);
      expect((await anonymous.get(`${url.pathname}${url.search}`)).status).toBe(404);
    });
  });

  describe('as escalation policy targets', () => {
    async function onCallTeam(scheduleExtra: Record<string, unknown> = {}) {
      const w = await team();
      const s = await createSchedule(w.c.admin, {
        name: 'Primary rota',
        time_zone: 'UTC',
        layers: [daily(w.u.sam.id, w.u.pat.id, scheduleExtra)],
      });
      return { ...w, s, target: `schedule:${s.id}` };
    }

    it('validates schedule targets and refuses deleting a schedule the policy pages', async () => {
      const { c, s, target } = await onCallTeam();
      const other = await onCallTeam();
      for (const notify of [
        [`schedule:${other.s.id}`],
        ['schedule:00000000-0000-4000-8000-000000000000'],
        ['schedule:nope'],
      ]) {
        const res = await c.admin.request(
          'PUT',
          '/api/v1/escalation-policy',
          policy({ levels: [level(0, notify)] }),
        );
        expect(res.status, res.text).toBe(400);
      }
      const rr0 = { ...level(0, ['engineer']), round_robin: { max_open_claims: 0 } };
      expect(
        (await c.admin.request('PUT', '/api/v1/escalation-policy', policy({ levels: [rr0] }))).status,
      ).toBe(400);
      const saved = await putPolicy(c.admin, policy({ levels: [level(0, [target.toUpperCase()])] }));
      expect(saved.levels[0].notify).toEqual([target]);
      const del = await c.admin.request('DELETE', `/api/v1/schedules/${s.id}`);
      expect(del.status).toBe(409);
      expect(del.body.code).toBe('SCHEDULE_IN_USE');
      await putPolicy(c.admin, policy());
      expect((await c.admin.request('DELETE', `/api/v1/schedules/${s.id}`)).status).toBe(204);
      expect((await c.admin.get(`/api/v1/schedules/${s.id}`)).status).toBe(404);
    });

    it('pages whoever is on call when each level fires, and records who was paged', async () => {
      const { u, c, db, target, s } = await onCallTeam();
      await putPolicy(
        c.admin,
        policy({
          levels: [level(0, [target], ['in_app']), level(10, [target], ['in_app'])],
          catch_all: null,
        }),
      );
      const { handoff } = await escalate(c.tech);
      expect(await db.notified(handoff.id, 'handoff_created')).toEqual([u.sam.id]);
      const paged = {
        id: u.sam.id,
        name: u.sam.name,
        reason: 'on_call',
        schedule: { id: s.id, name: 'Primary rota' },
        layer: 'Primary',
      };
      expect(handoff.paged).toEqual([paged]);
      const queue = await c.pat.get('/api/v1/handoffs/queue');
      expect(queue.body.items.find((i: { id: string }) => i.id === handoff.id).paged).toEqual([paged]);

      // Pat takes over for the next hour: level 1 pages Pat, who is on call at that moment.
      await c.admin.post(`/api/v1/schedules/${s.id}/overrides`, {
        user_id: u.pat.id,
        start: iso(5 * 60_000),
        end: iso(HOUR),
      });
      clock.advanceMinutes(10);
      // A handoff row the assessment is still writing is skipped by the firing (SKIP LOCKED) until the
      // next poll; let the assessment finish so this one pass is the one that fires.
      await testApp.assessments.idle();
      await testApp.policies.runDue();
      expect(await db.notified(handoff.id, 'handoff_escalated')).toEqual([u.pat.id]);
      const after = await c.sam.get(`/api/v1/handoffs/${handoff.id}`);
      expect(after.body.handoff.paged).toEqual([
        { ...paged, id: u.pat.id, name: u.pat.name, layer: 'override' },
      ]);
    });

    it('a release re-escalates to whoever is on call then, not at escalation', async () => {
      const { u, c, db, target } = await onCallTeam();
      await putPolicy(
        c.admin,
        policy({
          levels: [level(0, [target], ['in_app']), level(10, [target], ['in_app'])],
          catch_all: null,
        }),
      );
      const { handoff } = await escalate(c.tech);
      expect(await db.notified(handoff.id, 'handoff_created')).toEqual([u.sam.id]);
      expect((await c.sam.post(`/api/v1/handoffs/${handoff.id}/claim`)).status).toBe(200);
      clock.advanceMinutes(25 * 60); // the next day: Pat's shift
      expect((await c.sam.post(`/api/v1/handoffs/${handoff.id}/release`)).status).toBe(200);
      clock.advanceMinutes(10);
      // A handoff row the assessment is still writing is skipped by the firing (SKIP LOCKED) until the
      // next poll; let the assessment finish so this one pass is the one that fires.
      await testApp.assessments.idle();
      await testApp.policies.runDue();
      expect(await db.notified(handoff.id, 'handoff_escalated')).toEqual([u.pat.id]);
    });

    it('nobody on call pages the catch-all: every senior', async () => {
      // A rota that only covers 02:00–03:00 on Sundays.
      const { u, c, db, target } = await onCallTeam({
        restrictions: [{ days: ['sun'], start: '02:00', end: '03:00' }],
      });
      await putPolicy(c.admin, policy({ levels: [level(0, [target], ['in_app'])], catch_all: null }));
      const { handoff } = await escalate(c.tech);
      const everyone = sorted([u.owner.id, u.admin.id, u.engineer.id, u.sam.id, u.pat.id]);
      expect(await db.notified(handoff.id, 'handoff_created')).toEqual(everyone);
      expect(handoff.paged.map((p: { reason: string }) => p.reason)).toEqual(everyone.map(() => 'everyone'));
    });

    it('the on-call member who escalates is skipped, so a lower layer answers', async () => {
      const w = await team();
      const s = await createSchedule(w.c.admin, {
        name: 'Two layers',
        time_zone: 'UTC',
        layers: [daily(w.u.sam.id, w.u.sam.id), { ...daily(w.u.pat.id, w.u.pat.id), name: 'Backup' }],
      });
      await putPolicy(
        w.c.admin,
        policy({ levels: [level(0, [`schedule:${s.id}`], ['in_app'])], catch_all: null }),
      );
      const { handoff } = await escalate(w.c.sam);
      expect(await w.db.notified(handoff.id, 'handoff_created')).toEqual([w.u.pat.id]);
      expect(handoff.paged[0]).toMatchObject({ reason: 'on_call', layer: 'Backup' });
    });

    it('round-robin pages one senior at a time, skipping anyone at their open-claim limit', async () => {
      const { u, c, db } = await team();
      await putPolicy(
        c.admin,
        policy({
          levels: [{ ...level(0, ['engineer'], ['in_app']), round_robin: { max_open_claims: 1 } }],
          catch_all: null,
        }),
      );
      // Engineers by name: Engineer, Pat, Sam.
      const paged = async () => {
        const { handoff } = await escalate(c.tech);
        const ids = await db.notified(handoff.id, 'handoff_created');
        expect(ids).toHaveLength(1);
        return { handoff, id: ids[0] };
      };
      const first = await paged();
      expect(first.id).toBe(u.engineer.id);
      expect(first.handoff.paged[0]).toMatchObject({ id: u.engineer.id, reason: 'round_robin' });
      expect((await c.engineer.post(`/api/v1/handoffs/${first.handoff.id}/claim`)).status).toBe(200);
      expect((await paged()).id).toBe(u.pat.id);
      expect((await paged()).id).toBe(u.sam.id);
      // The Engineer holds one open claim (the limit): skipped.
      expect((await paged()).id).toBe(u.pat.id);
    });
  });
});
