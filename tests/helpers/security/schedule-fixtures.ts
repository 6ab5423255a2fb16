import { ok, type Fixture, type PermissionWorld } from './permission-world';

// Permission fixtures for on-call schedules (SPEC §15): a fresh schedule of the account per call.

const scheduleBody = (w: PermissionWorld) => ({
  name: 'Support rota',
  time_zone: 'Europe/London',
  layers: [
    {
      name: 'Primary',
      members: [w.users.engineer.id, w.users.claimer.id],
      rotation: { start: '2026-01-05T09:00', length_hours: 168 },
      restrictions: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '18:00', end: '08:00' }],
    },
  ],
});

async function schedule(w: PermissionWorld) {
  return (await ok(w.setup.owner.post('/api/v1/schedules', scheduleBody(w)), 201)).schedule.id as string;
}

const inAnHour = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

export const SCHEDULE_FIXTURES = {
  scheduleBody: async (w) => ({ body: scheduleBody(w) }),
  schedule: async (w) => ({ params: { id: await schedule(w) } }),
  scheduleEdit: async (w) => ({
    params: { id: await schedule(w) },
    body: { ...scheduleBody(w), name: 'Renamed' },
  }),
  scheduleOverrideBody: async (w) => ({
    params: { id: await schedule(w) },
    body: { user_id: w.users.engineer.id, start: inAnHour(1), end: inAnHour(3) },
  }),
  scheduleOverride: async (w) => {
    const id = await schedule(w);
    const body = { user_id: w.users.claimer.id, start: inAnHour(1), end: inAnHour(2) };
    const o = (await ok(w.setup.owner.post(`/api/v1/schedules/${id}/overrides`, body), 201)).override;
    return { params: { id, override_id: o.id } };
  },
  /** The feed is public: the token in its link is the credential. */
  scheduleFeed: async (w) => {
    const id = await schedule(w);
    const url = new URL(
      (await ok(w.setup.owner.post(`/api/v1/schedules/${id}/calendar-link`), 201)).calendar_url,
    );
    return { params: { id }, query: { token: url.searchParams.get('token')! } };
  },
} satisfies Record<string, Fixture>;
