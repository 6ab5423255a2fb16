import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../server/db/tenant';
import { REFUSED_HOST_MESSAGE } from '../../server/lib/outbound-url-guard';
import { createTestApp, testConfig, type TestApp } from '../helpers/app';
import { clientsFor, type TestClient } from '../helpers/test-client';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';
import { ALL_ROLES, createTestAccount } from '../helpers/factories';
import { reply, startReceiver, type Receiver } from '../helpers/http-receiver';

describe(`notification channels API (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  let receiver: Receiver;
  /** ALLOW_PRIVATE_WEBHOOKS=true, so channels can point at the local receiver. */
  let local: TestApp;
  /** The default: private targets refused. */
  let guarded: TestApp;
  let acct: Awaited<ReturnType<typeof createTestAccount<keyof typeof ALL_ROLES>>>;
  let c: Record<keyof typeof ALL_ROLES, TestClient>;
  let g: Record<keyof typeof ALL_ROLES, TestClient>;

  beforeAll(async () => {
    [t, receiver] = await Promise.all([createTestDatabase(), startReceiver()]);
    local = createTestApp(t.db, { config: testConfig({ ALLOW_PRIVATE_WEBHOOKS: 'true' }) });
    guarded = createTestApp(t.db);
    acct = await createTestAccount(t.db, ALL_ROLES);
    c = await clientsFor(local.app, acct.users);
    g = await clientsFor(guarded.app, acct.users);
  });
  afterAll(async () => {
    await Promise.all([local.assessments.stop(), guarded.assessments.stop(), receiver.close()]);
    await t.drop();
  });

  const create = (client: TestClient, body: Record<string, unknown>) =>
    client.post('/api/v1/channels', { kind: 'slack', name: 'Ops room', target: receiver.url, ...body });

  it('admins and owners manage channels; engineers, techs and viewers get 403 everywhere', async () => {
    const made = await create(c.admin, { events: ['handoff_created', 'handoff_escalated'] });
    expect(made.status, made.text).toBe(201);
    const ch = made.body.channel;
    expect(ch).toMatchObject({
      kind: 'slack',
      name: 'Ops room',
      events: ['handoff_created', 'handoff_escalated'],
      enabled: true,
      has_secret: false,
    });
    expect(made.body.secret).toBeUndefined();
    for (const role of ['engineer', 'tech', 'viewer'] as const) {
      const client = c[role];
      const answers = await Promise.all([
        client.get('/api/v1/channels'),
        create(client, {}),
        client.patch(`/api/v1/channels/${ch.id}`, { name: 'mine now' }),
        client.delete(`/api/v1/channels/${ch.id}`),
        client.post(`/api/v1/channels/${ch.id}/test`),
      ]);
      expect(
        answers.map((a) => a.status),
        role,
      ).toEqual([403, 403, 403, 403, 403]);
      expect(answers[0]!.body.message).toBe('Admin or owner access required');
    }
    const renamed = await c.owner.patch(`/api/v1/channels/${ch.id}`, {
      name: 'NOC',
      enabled: false,
      events: ['handoff_claimed'],
    });
    expect(renamed.body.channel).toMatchObject({ name: 'NOC', enabled: false, events: ['handoff_claimed'] });
    expect((await c.owner.get('/api/v1/channels')).body.items.find((x: any) => x.id === ch.id)).toMatchObject(
      { name: 'NOC' },
    );
    expect((await c.owner.patch(`/api/v1/channels/${ch.id}`, {})).status).toBe(400);
    expect((await c.owner.delete(`/api/v1/channels/${ch.id}`)).status).toBe(204);
    expect((await c.owner.delete(`/api/v1/channels/${ch.id}`)).status).toBe(404);
    const audit = await withTenant(t.db, acct.accountId, (tx) =>
      tx.query<{ action: string }>(`SELECT action FROM audit_log WHERE target_id = $1 ORDER BY id`, [ch.id]),
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'channel.created',
      'channel.updated',
      'channel.deleted',
    ]);
  });

  it('another account’s channel ids answer 404 and its channels are invisible', async () => {
    const ch = (await create(c.owner, { name: 'private' })).body.channel;
    const other = await createTestAccount(t.db, { owner: 'owner' });
    const oc = (await clientsFor(local.app, other.users)).owner;
    expect((await oc.patch(`/api/v1/channels/${ch.id}`, { name: 'stolen' })).status).toBe(404);
    expect((await oc.delete(`/api/v1/channels/${ch.id}`)).status).toBe(404);
    expect((await oc.post(`/api/v1/channels/${ch.id}/test`)).status).toBe(404);
    expect((await oc.get('/api/v1/channels')).body.items).toEqual([]);
    expect((await c.owner.get('/api/v1/channels')).body.items.find((x: any) => x.id === ch.id).name).toBe(
      'private',
    );
  });

  it('URLs and secrets are encrypted at rest and never returned; a webhook secret is shown once', async () => {
    const made = await create(c.owner, { kind: 'webhook', name: 'PSA' });
    expect(made.status).toBe(201);
    const { channel, secret } = made.body;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(channel).toMatchObject({
      has_secret: true,
      target: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/…\/CRET$/),
    });
    const patched = await c.owner.patch(`/api/v1/channels/${channel.id}`, { target: `${receiver.url}?v=2` });
    const listed = await c.owner.get('/api/v1/channels');
    for (const res of [made, patched, listed]) {
      const text = res.text.replace(secret, '<shown once>');
      expect(text).not.toContain('xxxxxxxxSECRET');
      expect(text).not.toContain(secret);
    }
    expect(listed.text).not.toContain('<shown once>');
    expect(patched.body.channel.target).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/…\/\?v=2$/);
    const row = await withTenant(t.db, acct.accountId, (tx) =>
      tx.query<any>(`SELECT target_encrypted, secret_encrypted FROM notification_channels WHERE id = $1`, [
        channel.id,
      ]),
    );
    const stored = JSON.stringify(row.rows[0]);
    expect(stored).not.toContain('SECRET');
    expect(stored).not.toContain('127.0.0.1');
    expect(stored).not.toContain(secret);
    // A sealed value copied into another row does not open there (bound to account, row and column).
    const copy = (await create(c.owner, { kind: 'webhook', name: 'copy' })).body.channel;
    await withTenant(t.db, acct.accountId, (tx) =>
      tx.query(`UPDATE notification_channels SET target_encrypted = $2 WHERE id = $1`, [
        copy.id,
        row.rows[0].target_encrypted,
      ]),
    );
    const tested = await c.owner.post(`/api/v1/channels/${copy.id}/test`);
    expect(tested.body.ok).toBe(false);
  });

  it('refuses private, loopback, link-local and unspecified targets, and plain http in production', async () => {
    const refused = [
      'http://127.0.0.1:9/hook',
      'http://localhost/hook',
      'http://10.1.2.3/hook',
      'http://172.16.5.4/hook',
      'http://192.168.1.1/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://0.0.0.0/hook',
      'http://[::1]/hook',
      'http://[fe80::1]/hook',
      'http://[fc00::1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://[::]/hook',
    ];
    for (const target of refused) {
      const res = await create(g.owner, { target });
      expect(res.status, target).toBe(400);
      expect(res.body.code, target).toBe('URL_NOT_ALLOWED');
    }
    for (const target of ['ftp://example.com/hook', 'not a url'])
      expect((await create(g.owner, { target })).status, target).toBe(400);
    // A public address passes (an address literal needs no DNS in this offline test).
    expect((await create(g.owner, { target: 'http://203.0.113.10/hook' })).status).toBe(201);
    // Saved while allowed, sent where it is not: the send-time check refuses it too.
    const ch = (await create(c.owner, {})).body.channel;
    const before = receiver.requests.length;
    const res = await g.owner.post(`/api/v1/channels/${ch.id}/test`);
    expect(res.body).toEqual({ ok: false, error: REFUSED_HOST_MESSAGE });
    expect(receiver.requests.length).toBe(before);
    expect((await g.owner.patch(`/api/v1/channels/${ch.id}`, { target: 'http://10.0.0.1/x' })).status).toBe(
      400,
    );

    const prodConfig = testConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://u@h/db',
      SESSION_SECRET: 's'.repeat(40),
      SMTP_URL: 'smtp://127.0.0.1:2525',
      ALLOW_PRIVATE_WEBHOOKS: 'true',
    });
    const prod = createTestApp(t.db, { config: prodConfig });
    const owner = (await clientsFor(prod.app, { owner: acct.users.owner })).owner;
    const plain = await create(owner, { target: 'http://hooks.example.com/services/x' });
    expect(plain.status).toBe(400);
    expect(plain.body.message).toMatch(/https/);
    expect((await create(owner, { target: 'https://127.0.0.1/hook' })).status).toBe(400);
    expect((await create(owner, { target: 'https://203.0.113.10/hook' })).status).toBe(201);
    await prod.assessments.stop();
  });

  it('validates kinds, names, events against the fixed list, and email addresses', async () => {
    const bad: Record<string, unknown>[] = [
      { events: ['handoff_exploded'] },
      { events: [] },
      { events: 'handoff_created' },
      { events: ['handoff_created', 42] },
      { kind: 'pager' },
      { name: '' },
      { target: '' },
      { kind: 'email', target: 'noc@example.test, not-an-address' },
    ];
    for (const body of bad) expect((await create(c.owner, body)).status, JSON.stringify(body)).toBe(400);
    const ch = (
      await create(c.owner, { events: ['handoff_created', 'handoff_created', 'handoff_assessment_ready'] })
    ).body.channel;
    expect(ch.events).toEqual(['handoff_created', 'handoff_assessment_ready']);
    expect((await c.owner.patch(`/api/v1/channels/${ch.id}`, { events: ['nope'] })).status).toBe(400);
    const all = [
      'handoff_created',
      'handoff_claimed',
      'handoff_released',
      'handoff_escalated',
      'handoff_assessment_ready',
    ];
    expect((await c.owner.patch(`/api/v1/channels/${ch.id}`, { events: all })).body.channel.events).toEqual(
      all,
    );
    const mail = await create(c.owner, {
      kind: 'email',
      name: 'Helpdesk',
      target: 'noc@example.test; desk@example.test',
    });
    expect(mail.body.channel.target).toBe('noc@example.test, desk@example.test');
  });

  it('"Send test" delivers now and reports the receiver’s answer', async () => {
    const slack = (await create(c.owner, { name: 'Test me' })).body.channel;
    const ok = await c.owner.post(`/api/v1/channels/${slack.id}/test`);
    expect(ok.body).toEqual({ ok: true });
    expect(receiver.requests.at(-1)!.json.blocks[0].text.text).toBe(
      'Test message from ResolutionFlow: Test me',
    );

    const hook = await create(c.owner, { kind: 'webhook', name: 'Signed' });
    await c.owner.post(`/api/v1/channels/${hook.body.channel.id}/test`);
    const w = receiver.requests.at(-1)!;
    const ts = w.headers['x-resolutionflow-timestamp'];
    expect(w.headers['x-resolutionflow-event']).toBe('test');
    expect(w.headers['x-resolutionflow-signature']).toBe(
      `sha256=${createHmac('sha256', hook.body.secret).update(`${ts}.${w.body}`).digest('hex')}`,
    );

    receiver.respond = reply.status(410);
    const gone = await c.owner.post(`/api/v1/channels/${slack.id}/test`);
    expect(gone.status).toBe(200);
    expect(gone.body).toEqual({ ok: false, error: 'HTTP 410: status 410' });
    receiver.respond = reply.ok;

    const mail = (await create(c.owner, { kind: 'email', name: 'Helpdesk', target: 'noc@example.test' })).body
      .channel;
    expect((await c.owner.post(`/api/v1/channels/${mail.id}/test`)).body).toEqual({ ok: true });
    const box = await c.owner.get('/api/v1/dev/outbox');
    expect(box.body.items[0]).toMatchObject({
      to: 'noc@example.test',
      subject: 'Test message from ResolutionFlow: Helpdesk',
    });
  });
});
