import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../server/db/tenant';
import { SecretBox } from '../../server/lib/secret-box';
import { checkEndpoint } from '../../server/modules/push/push.service';
import { createTestApp, testConfig, type TestApp } from '../helpers/app';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';
import { ALL_ROLES, createTestAccount } from '../helpers/factories';
import { startFakePushService, type FakeDevice, type FakePushService } from '../helpers/fake-push-service';
import { escalate, level, policy, probe, putPolicy, testClock } from '../helpers/policies';
import { clientsFor, TestClient } from '../helpers/test-client';

const TEAM = { ...ALL_ROLES, senior: 'engineer', senior2: 'engineer' } as const;
type Team = Awaited<ReturnType<typeof createTestAccount<keyof typeof TEAM>>>;

/**
 * Web push end to end (SPEC §15): devices subscribe through the API, escalations go through the
 * outbox to a push service on 127.0.0.1 that checks the VAPID signature and decrypts every payload
 * with the device's own keys, as the browser would.
 */
describe(`web push (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  let testApp: TestApp;
  let push: FakePushService;
  const clock = testClock();

  beforeAll(async () => {
    t = await createTestDatabase();
    push = await startFakePushService();
    testApp = createTestApp(t.db, {
      config: testConfig({ ALLOW_PRIVATE_WEBHOOKS: 'true' }),
      clock: clock.now,
    });
  });
  afterAll(async () => {
    await testApp?.deliveries.stop();
    await testApp?.assessments.stop();
    await push?.close();
    await t?.drop();
  });

  async function team() {
    const acct: Team = await createTestAccount(t.db, TEAM);
    return { acct, c: await clientsFor(testApp.app, acct.users), db: probe(t.db, acct.accountId) };
  }
  /** Sends everything due at the clock's time, as the delivery worker would. */
  async function deliver() {
    testApp.deliveries.kick();
    await testApp.deliveries.idle();
  }
  /** A new browser subscription of `client`, opted in through the API. */
  async function optIn(client: TestClient, label = 'Phone') {
    const device = push.device();
    const res = await client.post('/api/v1/push/subscriptions', { ...device.subscription, label });
    expect(res.status, res.text).toBe(201);
    return Object.assign(device, { subscriptionId: res.body.subscription.id as string });
  }
  const titles = (d: FakeDevice) => d.received().map((r) => r.payload.title as string);
  async function after(minutes: number) {
    clock.advanceMinutes(minutes);
    // A handoff row the assessment is still writing is skipped by the firing (SKIP LOCKED) until the
    // next poll; let the assessment finish so this one pass is the one that fires.
    await testApp.assessments.idle();
    await testApp.policies.runDue();
  }

  it('subscribing checks the endpoint and keys: bad input is a 4xx with a reason', async () => {
    const { c } = await team();
    const good = push.device().subscription;
    const cases: [string, unknown][] = [
      ['not a URL', { ...good, endpoint: 'push service' }],
      ['plain http off loopback', { ...good, endpoint: 'http://push.example.com/abc' }],
      ['another scheme', { ...good, endpoint: 'ftp://push.example.com/abc' }],
      ['credentials in the URL', { ...good, endpoint: 'https://user:pw@push.example.com/abc' }],
      ['p256dh too short', { ...good, keys: { ...good.keys, p256dh: 'BAAA' } }],
      [
        'p256dh off the curve',
        { ...good, keys: { ...good.keys, p256dh: Buffer.alloc(65, 4).toString('base64url') } },
      ],
      ['p256dh not base64url', { ...good, keys: { ...good.keys, p256dh: '!'.repeat(87) } }],
      [
        'auth of 8 bytes',
        { ...good, keys: { ...good.keys, auth: Buffer.alloc(8, 1).toString('base64url') } },
      ],
      ['no keys', { endpoint: good.endpoint }],
      ['an endpoint too long', { ...good, endpoint: `https://push.example.com/${'a'.repeat(2100)}` }],
    ];
    for (const [label, body] of cases) {
      const res = await c.senior.post('/api/v1/push/subscriptions', body);
      expect(res.status, label).toBe(400);
      expect(res.body.message, label).toMatch(/\w/);
    }
    expect((await c.senior.get('/api/v1/push/subscriptions')).body.subscriptions).toEqual([]);
    expect((await new TestClient(testApp.app).post('/api/v1/push/subscriptions', good)).status).toBe(401);
    // Loopback http is for local push services in tests and development only.
    expect(checkEndpoint('http://127.0.0.1:9/push/x', false)).toBe('http://127.0.0.1:9/push/x');
    expect(checkEndpoint('http://[::1]:9/push/x', false)).toBe('http://[::1]:9/push/x');
    expect(() => checkEndpoint('http://127.0.0.1:9/push/x', true)).toThrow(/https/);
    expect(checkEndpoint('https://fcm.googleapis.com/fcm/send/x', true)).toBe(
      'https://fcm.googleapis.com/fcm/send/x',
    );
  });

  it('one row per device: subscribing again updates it; members see and remove only their own', async () => {
    const { c } = await team();
    const device = push.device();
    const first = await c.senior.post('/api/v1/push/subscriptions', {
      ...device.subscription,
      label: 'Pixel',
    });
    expect(first.status, first.text).toBe(201);
    const again = await c.senior.post('/api/v1/push/subscriptions', {
      ...device.subscription,
      label: 'Pixel 9',
      expirationTime: null,
    });
    expect(again.status, again.text).toBe(200);
    expect(again.body.subscription.id).toBe(first.body.subscription.id);
    const mine = (await c.senior.get('/api/v1/push/subscriptions')).body.subscriptions;
    expect(mine).toEqual([
      expect.objectContaining({
        id: first.body.subscription.id,
        label: 'Pixel 9',
        endpoint: device.subscription.endpoint,
      }),
    ]);
    expect((await c.senior2.get('/api/v1/push/subscriptions')).body.subscriptions).toEqual([]);
    expect((await c.senior2.delete(`/api/v1/push/subscriptions/${first.body.subscription.id}`)).status).toBe(
      404,
    );
    expect((await c.senior.delete(`/api/v1/push/subscriptions/${first.body.subscription.id}`)).status).toBe(
      204,
    );
    expect((await c.senior.get('/api/v1/push/subscriptions')).body.subscriptions).toEqual([]);
    expect((await c.senior.delete(`/api/v1/push/subscriptions/${first.body.subscription.id}`)).status).toBe(
      404,
    );
  });

  it('the VAPID key pair is made once for the installation and its private key is stored sealed', async () => {
    const { c } = await team();
    const other = await team();
    const key = (await c.tech.get('/api/v1/push/vapid-public-key')).body.key as string;
    expect(Buffer.from(key, 'base64url')).toHaveLength(65);
    expect((await other.c.viewer.get('/api/v1/push/vapid-public-key')).body.key).toBe(key);
    expect((await new TestClient(testApp.app).get('/api/v1/push/vapid-public-key')).status).toBe(401);
    const rows = (await t.db.query<any>('SELECT public_key, private_key_sealed FROM vapid_keys')).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0].public_key).toBe(key);
    expect(rows[0].private_key_sealed).toMatch(/^v1\./);
    // Installation-wide, so outside every tenant's reach: the app role cannot read it at all.
    await expect(
      withTenant(t.db, other.acct.accountId, (tx) => tx.query('SELECT * FROM vapid_keys')),
    ).rejects.toThrow(/permission denied/);
  });

  it('an escalation pushes a payload naming the handoff to each opted-in senior device, no one else', async () => {
    const { acct, c, db } = await team();
    const other = await team();
    const phone = await optIn(c.senior, 'Phone');
    const laptop = await optIn(c.senior, 'Laptop');
    const senior2 = await optIn(c.senior2);
    const tech = await optIn(c.tech); // opted in, but an escalation is not for techs
    const viewer = await optIn(c.viewer);
    const otherTenant = await optIn(other.c.engineer);
    const { session, handoff } = await escalate(c.tech, { priority: 'p2' });
    await deliver();

    const key = (await c.senior.get('/api/v1/push/vapid-public-key')).body.key;
    for (const device of [phone, laptop, senior2]) {
      const got = device.received();
      expect(got, device.id).toHaveLength(1);
      expect(got[0]!.payload).toMatchObject({
        title: expect.stringContaining(`Escalation from ${acct.users.tech.name} · #7001: `),
        handoff_id: handoff.id,
        url: `${testApp.config.appUrl}/sessions/${session.id}?pickup=1`,
        priority: 'p2',
        event: 'handoff_created',
      });
      expect(got[0]!.payload.body).toContain('P2 · #7001');
      expect(got[0]!.vapidKey).toBe(key);
      expect(got[0]!.claims.aud).toBe(push.origin);
      expect(got[0]!.headers.urgency).toBe('high');
      expect(got[0]!.headers.topic).toBe(handoff.id.replace(/-/g, ''));
    }
    for (const device of [tech, viewer, otherTenant]) expect(device.received(), device.id).toEqual([]);
    expect(push.rejected()).toEqual([]);

    const rows = await db.rows(
      `SELECT recipient, status, attempts FROM deliveries WHERE channel = 'push' ORDER BY recipient`,
    );
    expect(rows).toEqual(
      [phone, laptop, senior2]
        .map((d) => ({ recipient: d.subscriptionId, status: 'sent', attempts: 1 }))
        .sort((a, b) => a.recipient.localeCompare(b.recipient)),
    );
    const listed = (await c.senior.get('/api/v1/push/subscriptions')).body.subscriptions;
    expect(listed.every((s: any) => s.last_sent_at === clock.now().toISOString())).toBe(true);
    // The admins' delivery log names the row without the device's push URL.
    const log = (await c.admin.get('/api/v1/deliveries?limit=200')).body.items.filter(
      (d: any) => d.channel === 'push',
    );
    expect(log).toHaveLength(3);
    expect(JSON.stringify(log)).not.toContain(push.origin);
    // Sending again changes nothing: one push per device and event.
    await deliver();
    expect(phone.received()).toHaveLength(1);
  });

  it('a re-escalation and a claim-timeout reminder push too', async () => {
    const { acct, c } = await team();
    await putPolicy(
      c.admin,
      policy({ levels: [level(0, ['engineer']), level(10, ['admin'])], claim_timeout_minutes: 15 }),
    );
    const senior = await optIn(c.senior);
    const admin = await optIn(c.admin);
    const owner = await optIn(c.owner);
    const { session, handoff } = await escalate(c.tech);
    await deliver();
    expect(titles(senior)).toHaveLength(1);
    expect(admin.received()).toEqual([]);

    await after(10);
    await deliver();
    expect(admin.received()).toHaveLength(1);
    expect(admin.received()[0]!.payload).toMatchObject({
      title: expect.stringMatching(/^Still unclaimed after 10 min/),
      handoff_id: handoff.id,
      event: 'handoff_escalated',
      url: `${testApp.config.appUrl}/sessions/${session.id}?pickup=1`,
    });
    expect(owner.received()).toEqual([]);

    expect((await c.senior.post(`/api/v1/handoffs/${handoff.id}/claim`)).status).toBe(200);
    await after(15);
    await deliver();
    const reminders = senior.received().filter((r) => r.payload.event === 'claim_timeout');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.payload).toMatchObject({
      title: expect.stringMatching(/^No action yet on the escalation you claimed/),
      handoff_id: handoff.id,
      url: `${testApp.config.appUrl}/sessions/${session.id}`,
    });
    // The second reminder goes to the admins and owners.
    await after(15);
    await deliver();
    expect(admin.received().map((r) => r.payload.event)).toEqual(['handoff_escalated', 'claim_timeout']);
    expect(owner.received().map((r) => r.payload.event)).toEqual(['claim_timeout']);
    expect(owner.received()[0]!.payload.title).toContain(acct.users.senior.name);
    expect(push.rejected()).toEqual([]);
  });

  it('quiet hours hold back a P2 and let a P1 through', async () => {
    const { c } = await team();
    const quiet = await optIn(c.senior);
    const awake = await optIn(c.senior2);
    // A window around the clock's present hour, in New York.
    const hour = Number(
      new Intl.DateTimeFormat('en-US', {
        timeZone: 'America/New_York',
        hour: '2-digit',
        hourCycle: 'h23',
      }).format(clock.now()),
    );
    const hh = (h: number) => `${String((h + 24) % 24).padStart(2, '0')}:00`;
    const quietHours = { time_zone: 'America/New_York', from: hh(hour - 1), to: hh(hour + 1) };
    const saved = await c.senior.request('PUT', '/api/v1/push/settings', { quiet_hours: quietHours });
    expect(saved.status, saved.text).toBe(200);
    expect((await c.senior.get('/api/v1/push/settings')).body).toEqual({ quiet_hours: quietHours });
    expect((await c.senior2.get('/api/v1/push/settings')).body).toEqual({ quiet_hours: null });

    await escalate(c.tech, { priority: 'p2' });
    await deliver();
    expect(quiet.received()).toEqual([]);
    expect(awake.received().map((r) => r.payload.priority)).toEqual(['p2']);

    const p1 = await escalate(c.tech, { priority: 'p1' });
    await deliver();
    expect(quiet.received().map((r) => r.payload.handoff_id)).toEqual([p1.handoff.id]);

    // Outside the window the P2s come again.
    await c.senior.request('PUT', '/api/v1/push/settings', {
      quiet_hours: { ...quietHours, from: hh(hour + 2), to: hh(hour + 3) },
    });
    await escalate(c.tech, { priority: 'p3' });
    await deliver();
    expect(quiet.received().map((r) => r.payload.priority)).toEqual(['p1', 'p3']);

    for (const bad of [
      { quiet_hours: { ...quietHours, time_zone: 'Mars/Olympus' } },
      { quiet_hours: { ...quietHours, to: quietHours.from } },
      { quiet_hours: { ...quietHours, from: '25:00' } },
      { quiet_hours: { ...quietHours, from: '7:00' } },
      { quiet_hours: 'nights' },
    ]) {
      const res = await c.senior.request('PUT', '/api/v1/push/settings', bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.message).toMatch(/\w/);
    }
    expect((await c.senior.request('PUT', '/api/v1/push/settings', { quiet_hours: null })).body).toEqual({
      quiet_hours: null,
    });
  });

  it('a device the push service no longer knows (410, 404) is removed; other failures are retried', async () => {
    const { c, db } = await team();
    const gone = await optIn(c.senior, 'Old phone');
    const missing = await optIn(c.senior, 'Reset browser');
    const flaky = await optIn(c.senior2);
    gone.answer(410);
    missing.answer(404);
    flaky.answer(503);
    const first = await escalate(c.tech);
    await deliver();
    const statusOf = async (id: string) =>
      (
        await db.rows(
          `SELECT d.status, d.last_error FROM deliveries d JOIN events e ON e.id = d.event_id
           WHERE d.channel = 'push' AND d.recipient = $1 AND e.payload->>'handoff_id' = $2`,
          [id, first.handoff.id],
        )
      )[0];
    expect(await statusOf(gone.subscriptionId)).toMatchObject({
      status: 'dead',
      last_error: expect.stringMatching(/^HTTP 410/),
    });
    expect(await statusOf(missing.subscriptionId)).toMatchObject({
      status: 'dead',
      last_error: expect.stringMatching(/^HTTP 404/),
    });
    expect(await statusOf(flaky.subscriptionId)).toMatchObject({
      status: 'failed',
      last_error: expect.stringMatching(/^HTTP 503/),
    });
    expect((await c.senior.get('/api/v1/push/subscriptions')).body.subscriptions).toEqual([]);
    expect((await c.senior2.get('/api/v1/push/subscriptions')).body.subscriptions).toHaveLength(1);

    // The retry reaches the device once its push service is back.
    flaky.answer(201);
    clock.advanceMinutes(1);
    await deliver();
    expect(await statusOf(flaky.subscriptionId)).toMatchObject({ status: 'sent' });
    expect(flaky.received()).toHaveLength(1);

    // The removed devices get no rows at all for the next escalation.
    const second = await escalate(c.tech);
    const rows = await db.rows(
      `SELECT d.recipient FROM deliveries d JOIN events e ON e.id = d.event_id
       WHERE d.channel = 'push' AND e.payload->>'handoff_id' = $1`,
      [second.handoff.id],
    );
    expect(rows.map((r: any) => r.recipient)).toEqual([flaky.subscriptionId]);
  });

  // Last: it replaces the installation's key pair, which every other test of this file relies on.
  it('a key pair sealed under a key no longer configured is replaced, and its devices dropped', async () => {
    const { acct, c } = await team();
    const before = (await c.senior.get('/api/v1/push/vapid-public-key')).body.key;
    await optIn(c.senior);
    // As if sealed under an ENCRYPTION_KEY this installation no longer has; then a process starts.
    const lostKey = new SecretBox(['a-key-this-installation-no-longer-has-0123456789']);
    await t.db.query(`UPDATE vapid_keys SET private_key_sealed = $1`, [
      lostKey.seal('private', 'vapid_keys:private_key'),
    ]);
    const moved = createTestApp(t.db, {
      config: testConfig({ ALLOW_PRIVATE_WEBHOOKS: 'true' }),
      clock: clock.now,
    });
    const senior = await clientsFor(moved.app, { senior: acct.users.senior });
    const after = await senior.senior.get('/api/v1/push/vapid-public-key');
    expect(after.status, after.text).toBe(200);
    expect(after.body.key).not.toBe(before);
    expect((await senior.senior.get('/api/v1/push/subscriptions')).body.subscriptions).toEqual([]);
    await moved.assessments.stop();
    await moved.deliveries.stop();
  });

  it('a device opted out after the escalation gets nothing', async () => {
    const { c } = await team();
    const device = await optIn(c.senior);
    await escalate(c.tech);
    expect((await c.senior.delete(`/api/v1/push/subscriptions/${device.subscriptionId}`)).status).toBe(204);
    await deliver();
    expect(device.received()).toEqual([]);
  });
});
