import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';
import { ALL_ROLES, createTestAccount } from '../helpers/factories';
import { testClock } from '../helpers/policies';
import { clientsFor, type TestClient } from '../helpers/test-client';

// The who-is-on-call read memoises each schedule's definition in the process and checks it against
// the schedule's version on every call. These tests change things the way ANOTHER server process
// would (plain SQL on the shared database, which this process's memo never hears of) and expect the
// very next answer to follow — with the clock frozen, so `updated_at` alone could not tell.
const TEAM = { ...ALL_ROLES, sam: 'engineer', pat: 'engineer' } as const;
const HOUR = 3_600_000;

describe(`who is on call follows changes made elsewhere (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  let testApp: TestApp;
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

  /** Daily hand-offs in UTC at the current time: `first` on call now, `second` from tomorrow. */
  const daily = (first: string, second: string) => ({
    name: 'Primary',
    members: [first, second],
    rotation: { start: iso(), length_hours: 24 },
  });

  async function setUp() {
    const acct = await createTestAccount(t.db, TEAM);
    const c = await clientsFor(testApp.app, acct.users);
    const res = await c.admin.post('/api/v1/schedules', {
      name: 'Support',
      time_zone: 'UTC',
      layers: [daily(acct.users.sam.id, acct.users.pat.id)],
    });
    expect(res.status, res.text).toBe(201);
    const id = res.body.schedule.id as string;
    const onCall = async (client: TestClient = c.admin) => {
      const r = await client.get(`/api/v1/schedules/${id}/on-call`);
      return { status: r.status, body: r.body };
    };
    // The first answer memoises the definition.
    expect((await onCall()).body.user.id).toBe(acct.users.sam.id);
    return { u: acct.users, c, id, onCall };
  }

  it('an edit of the layers written by another process is seen at once, same timestamp or not', async () => {
    const { u, id, onCall } = await setUp();
    const layers = JSON.stringify([daily(u.pat.id, u.sam.id)]);
    // Same `updated_at` as before: only the row's version tells the memo it is stale.
    await t.db.query(`UPDATE schedules SET layers = $2 WHERE id = $1`, [id, layers]);
    const now = await onCall();
    expect(now.body.user.id).toBe(u.pat.id);
    expect(now.body.next).toMatchObject({ user: { id: u.sam.id }, start: iso(24 * HOUR) });
    // And back, through the API of this process.
    await t.db.query(`UPDATE schedules SET layers = $2 WHERE id = $1`, [
      id,
      JSON.stringify([daily(u.sam.id, u.pat.id)]),
    ]);
    expect((await onCall()).body.user.id).toBe(u.sam.id);
  });

  it('a senior deactivated or demoted elsewhere is not on call on the very next answer', async () => {
    const { u, onCall } = await setUp();
    await t.db.query(`UPDATE users SET is_active = false WHERE id = $1`, [u.sam.id]);
    expect((await onCall()).body).toMatchObject({
      user: null,
      until: iso(24 * HOUR),
      next: { user: { id: u.pat.id } },
    });
    await t.db.query(`UPDATE users SET is_active = true, role = 'tech' WHERE id = $1`, [u.sam.id]);
    expect((await onCall()).body.user).toBeNull();
    await t.db.query(`UPDATE users SET role = 'engineer' WHERE id = $1`, [u.sam.id]);
    expect((await onCall()).body.user.id).toBe(u.sam.id);
  });

  it('an override added elsewhere counts at once', async () => {
    const { u, id, onCall } = await setUp();
    await t.db.query(
      `INSERT INTO schedule_overrides (id, account_id, schedule_id, user_id, starts_at, ends_at, created_by, created_at)
       SELECT gen_random_uuid(), account_id, id, $2, $3, $4, $2, $3 FROM schedules WHERE id = $1`,
      [id, u.pat.id, iso(-HOUR), iso(2 * HOUR)],
    );
    expect((await onCall()).body).toMatchObject({
      user: { id: u.pat.id },
      source: { kind: 'override' },
      until: iso(2 * HOUR),
    });
  });

  it('a schedule deleted elsewhere answers 404, and another account never gets the memoised one', async () => {
    const { id, onCall } = await setUp();
    const other = await clientsFor(testApp.app, (await createTestAccount(t.db, TEAM)).users);
    const stranger = await onCall(other.admin);
    expect(stranger.status).toBe(404);
    expect(stranger.body.code).toBe('NOT_FOUND');

    await t.db.query(`DELETE FROM schedules WHERE id = $1`, [id]);
    const gone = await onCall();
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('NOT_FOUND');
  });
});
