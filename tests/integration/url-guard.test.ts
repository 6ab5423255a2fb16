import { hostname } from 'node:os';
import { lookup } from 'node:dns/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { postJson } from '../../server/lib/outbound-http';
import { REFUSED_HOST_MESSAGE } from '../../server/lib/outbound-url-guard';
import { createTestApp, testConfig, type TestApp } from '../helpers/app';
import { clientsFor, type TestClient } from '../helpers/test-client';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';
import { createTestAccount } from '../helpers/factories';
import { startReceiver, type Receiver } from '../helpers/http-receiver';
import { startSession } from '../helpers/sessions';

/**
 * Server-side request forgery: tenant admins choose webhook URLs, so the server must never be made
 * to call its own private network, loopback or the cloud metadata endpoint — in any spelling of the
 * address, through DNS, or by being redirected there. Real HTTP servers on 127.0.0.1 stand in for
 * receivers and for the private targets an attacker would aim at.
 */
describe(`security: webhook URL guard (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  /** ALLOW_PRIVATE_WEBHOOKS=true (development): the only way to reach a receiver on 127.0.0.1 at all. */
  let local: TestApp;
  /** The default: private targets refused. */
  let guarded: TestApp;
  let prod: TestApp;
  const receivers: Receiver[] = [];
  let lc: TestClient;
  let gc: TestClient;
  let pc: TestClient;
  let accountId: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    // One key for all three configurations, so each can open the targets the others saved.
    const ENCRYPTION_KEY = 'k'.repeat(40);
    local = createTestApp(t.db, {
      config: testConfig({ ALLOW_PRIVATE_WEBHOOKS: 'true', ENCRYPTION_KEY }),
      deliveries: { sendTimeoutMs: 2000 },
    });
    guarded = createTestApp(t.db, {
      config: testConfig({ ENCRYPTION_KEY }),
      deliveries: { sendTimeoutMs: 2000 },
    });
    prod = createTestApp(t.db, {
      config: testConfig({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://u@127.0.0.1/db',
        SESSION_SECRET: 's'.repeat(40),
        ENCRYPTION_KEY,
        SMTP_URL: 'smtp://127.0.0.1:1',
        // Ignored in production: it must not open the private network.
        ALLOW_PRIVATE_WEBHOOKS: 'true',
      }),
    });
    const acct = await createTestAccount(t.db, { owner: 'owner', tech: 'tech', senior: 'engineer' });
    accountId = acct.accountId;
    lc = (await clientsFor(local.app, acct.users)).owner;
    gc = (await clientsFor(guarded.app, acct.users)).owner;
    pc = (await clientsFor(prod.app, acct.users)).owner;
  });
  afterAll(async () => {
    for (const a of [local, guarded, prod]) {
      await a.deliveries.stop();
      await a.assessments.stop();
    }
    await Promise.all(receivers.map((r) => r.close()));
    await t.drop();
  });

  const receiver = async (respond?: Parameters<typeof startReceiver>[0]) => {
    const r = await startReceiver(respond);
    receivers.push(r);
    return r;
  };
  const channelCount = async () =>
    Number(
      (
        await t.db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM notification_channels WHERE account_id = $1',
          [accountId],
        )
      ).rows[0]!.n,
    );
  const create = (client: TestClient, target: string, kind = 'webhook') =>
    client.post('/api/v1/channels', { kind, name: 'Hook', target });

  const PRIVATE_TARGETS = [
    // RFC 1918 private ranges, first and last addresses
    'http://10.0.0.1/hook',
    'http://10.255.255.254/hook',
    'http://172.16.0.1/hook',
    'http://172.31.255.254/hook',
    'http://192.168.0.1/hook',
    'http://192.168.255.254/hook',
    // IPv6 unique local (fc00::/7)
    'http://[fc00::1]/hook',
    'http://[fdff:ffff::1]/hook',
    // loopback
    'http://127.0.0.1/hook',
    'http://127.255.255.254:8080/hook',
    'http://[::1]/hook',
    // link-local, the cloud metadata endpoint first
    'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
    'http://169.254.0.1/hook',
    'http://[fe80::1]/hook',
    'http://[febf:ffff::1]/hook',
    // IPv4-mapped, IPv4-compatible and NAT64 IPv6 forms of private IPv4 addresses
    'http://[::ffff:127.0.0.1]/hook',
    'http://[::ffff:7f00:1]/hook',
    'http://[0:0:0:0:0:ffff:169.254.169.254]/hook',
    'http://[::ffff:10.0.0.1]/hook',
    'http://[::127.0.0.1]/hook',
    'http://[64:ff9b::a9fe:a9fe]/hook',
    'http://[64:ff9b::7f00:1]/hook',
    // IPv4-translated (::ffff:0:0/96): the embedded IPv4 address decides
    'http://[::ffff:0:127.0.0.1]/hook',
    'http://[::ffff:0:a9fe:a9fe]/hook',
    // refused whole: NAT64 local use (64:ff9b:1::/48), 6to4 (2002::/16), Teredo (2001::/32)
    'http://[64:ff9b:1::7f00:1]/hook',
    'http://[64:ff9b:1::a00:5]/hook',
    'http://[2002:7f00:1::]/hook',
    'http://[2002:a9fe:a9fe::1]/hook',
    'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook',
    // benchmarking (198.18.0.0/15), also behind a mapped address
    'http://198.18.0.1/hook',
    'http://198.19.255.254/hook',
    'http://[::ffff:198.18.0.1]/hook',
    // unspecified
    'http://0.0.0.0/hook',
    'http://0/hook',
    'http://[::]/hook',
    // the same addresses in decimal, octal, hexadecimal and shortened IPv4 spellings
    'http://2130706433/hook',
    'http://0177.0.0.1/hook',
    'http://017700000001/hook',
    'http://0x7f.0.0.1/hook',
    'http://0x7f000001/hook',
    'http://127.1/hook',
    'http://2852039166/latest/meta-data',
    'http://0251.0376.0251.0376/latest/meta-data',
    'http://0xa9.0xfe.0xa9.0xfe/latest/meta-data',
    'http://0xa9fea9fe/latest/meta-data',
    'http://%31%32%37.0.0.1/hook',
    'http://127.0.0.1./hook',
    // credentials and look-alike hosts in front of a private address
    'http://user:password@127.0.0.1/hook',
    'http://hooks.slack.com@169.254.169.254/hook',
    // names that resolve to loopback (the hosts file; this machine has no DNS server we control)
    'http://localhost/hook',
    'http://LOCALHOST:3000/hook',
  ];

  it('refuses private, loopback, link-local, unspecified and mapped targets in every spelling, and saves nothing', async () => {
    const before = await channelCount();
    for (const target of PRIVATE_TARGETS) {
      for (const kind of ['webhook', 'slack', 'teams']) {
        const res = await create(gc, target, kind);
        expect(res.status, `${kind} ${target}`).toBe(400);
        expect(res.body.code, target).toBe('URL_NOT_ALLOWED');
        // One answer for every reason: nothing about the address or what DNS said.
        expect(res.body.message, target).toBe(`Webhook URL refused: ${REFUSED_HOST_MESSAGE}`);
      }
    }
    expect(await channelCount()).toBe(before);
  });

  it('refuses a private target on edit too, and keeps the saved target', async () => {
    const ok = await create(gc, 'http://203.0.113.10/hook');
    expect(ok.status).toBe(201);
    for (const target of ['http://169.254.169.254/', 'http://2130706433/', 'http://[::ffff:127.0.0.1]/']) {
      const res = await gc.patch(`/api/v1/channels/${ok.body.channel.id}`, { target });
      expect(res.status, target).toBe(400);
    }
    const list = await gc.get('/api/v1/channels');
    expect(list.body.items.find((c: { id: string }) => c.id === ok.body.channel.id).target).toBe(
      ok.body.channel.target,
    );
  });

  it('refuses this machine’s own host name in the same words whether it resolves privately or not at all', async () => {
    const name = hostname();
    const answers = await lookup(name, { all: true }).catch(() => []);
    for (const target of [`http://${name}:8080/hook`, 'http://no-such-host.invalid/hook']) {
      const res = await create(gc, target);
      expect(res.status, target).toBe(400);
      expect(res.body.message, target).toBe(`Webhook URL refused: ${REFUSED_HOST_MESSAGE}`);
      for (const a of answers) expect(res.text).not.toContain(a.address);
    }
  });

  it('the reason of a refusal (what DNS answered) is in the server log only', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const logged = (msg: string) =>
      lines
        .flatMap((l) => {
          try {
            return [JSON.parse(l) as Record<string, unknown>];
          } catch {
            return [];
          }
        })
        .find((l) => l.msg === msg);
    const logging = createTestApp(t.db, {
      config: testConfig({ LOG_LEVEL: 'warn', ENCRYPTION_KEY: 'k'.repeat(40) }),
      deliveries: { sendTimeoutMs: 2000 },
    });
    try {
      const team = await createTestAccount(t.db, { owner: 'owner', tech: 'tech' });
      const c = await clientsFor(logging.app, team.users);
      // At save: the answer is general, the log names the address.
      const res = await create(c.owner, 'http://localhost:8080/hook');
      expect(res.body.message).toBe(`Webhook URL refused: ${REFUSED_HOST_MESSAGE}`);
      expect(res.text).not.toMatch(/127\.0\.0\.1|::1/);
      const atSave = logged('outbound URL refused');
      expect(atSave).toMatchObject({ level: 'warn', code: 'URL_NOT_ALLOWED' });
      expect(atSave?.detail).toMatch(/localhost resolves to .*(127\.0\.0\.1|::1)/);

      // At send: a target saved where private targets were allowed; "Send test" and a real delivery.
      const target = await receiver();
      const local2 = (await clientsFor(local.app, { owner: team.users.owner })).owner;
      const ch = (await create(local2, target.url)).body.channel;
      lines.length = 0;
      const tested = await c.owner.post(`/api/v1/channels/${ch.id}/test`);
      expect(tested.body).toEqual({ ok: false, error: REFUSED_HOST_MESSAGE });
      const atTest = logged('outbound URL refused');
      expect(atTest).toMatchObject({ channel_id: ch.id, detail: expect.stringContaining('127.0.0.1') });

      const s = await startSession(c.tech);
      await c.tech.post(`/api/v1/sessions/${s.session.id}/handoffs`, { intent: 'escalate' });
      lines.length = 0;
      logging.deliveries.kick();
      await logging.deliveries.idle();
      const rows = await t.db.query<{ last_error: string }>(
        'SELECT last_error FROM deliveries WHERE channel_id = $1',
        [ch.id],
      );
      expect(rows.rows.map((r) => r.last_error)).toEqual([REFUSED_HOST_MESSAGE]);
      const atSend = logged('delivery attempt failed');
      expect(atSend).toMatchObject({
        error: REFUSED_HOST_MESSAGE,
        detail: expect.stringContaining('127.0.0.1'),
      });
      expect(target.requests).toHaveLength(0);
    } finally {
      spy.mockRestore();
      await logging.deliveries.stop();
      await logging.assessments.stop();
    }
  });

  it('allows public addresses just outside the private ranges', async () => {
    for (const target of [
      'http://203.0.113.10/hook',
      'http://172.32.0.1/hook',
      'http://172.15.255.254/hook',
      'http://192.169.0.1/hook',
      'http://169.255.0.1/hook',
      'http://[2606:4700:4700::1111]/hook',
      'http://[::ffff:8.8.8.8]/hook',
    ]) {
      const res = await create(gc, target);
      expect(res.status, `${target} ${res.text}`).toBe(201);
    }
  });

  it('never follows a redirect: a receiver answering 3xx towards a private server leaves that server untouched', async () => {
    const internal = await receiver(); // stands in for an internal service
    for (const status of [301, 302, 303, 307, 308]) {
      for (const location of [
        internal.url,
        'http://169.254.169.254/latest/meta-data',
        'http://localhost:1/',
      ]) {
        const bouncer = await receiver((_req, res) => res.writeHead(status, { location }).end());
        // The allowance lets us reach the bouncer on 127.0.0.1; the redirect target is never even considered.
        const made = await create(lc, bouncer.url);
        expect(made.status, made.text).toBe(201);
        const tested = await lc.post(`/api/v1/channels/${made.body.channel.id}/test`);
        expect(tested.body, `${status} → ${location}`).toEqual({
          ok: false,
          error: `HTTP ${status}: redirect not followed`,
        });
        expect(bouncer.requests).toHaveLength(1);
      }
    }
    expect(internal.requests).toHaveLength(0);
  });

  it('a redirect during a real delivery fails the attempt with its reason; the private target still gets nothing', async () => {
    const internal = await receiver();
    const bouncer = await receiver((_req, res) =>
      res.writeHead(302, { location: `${internal.url}?from=redirect` }).end(),
    );
    const team = await createTestAccount(t.db, { owner: 'owner', tech: 'tech', senior: 'engineer' });
    const c = await clientsFor(local.app, team.users);
    const ch = await create(c.owner, bouncer.url);
    const s = await startSession(c.tech);
    expect(
      (await c.tech.post(`/api/v1/sessions/${s.session.id}/handoffs`, { intent: 'escalate' })).status,
    ).toBe(201);
    local.deliveries.kick();
    await local.deliveries.idle();
    const rows = await t.db.query<{ status: string; last_error: string }>(
      'SELECT status, last_error FROM deliveries WHERE channel_id = $1',
      [ch.body.channel.id],
    );
    expect(rows.rows).toEqual([
      expect.objectContaining({ status: 'failed', last_error: 'HTTP 302: redirect not followed' }),
    ]);
    expect(bouncer.requests).toHaveLength(1);
    expect(internal.requests).toHaveLength(0);
  });

  it('checks again at send time: a target saved while private was allowed is refused by a guarded worker', async () => {
    const target = await receiver();
    const team = await createTestAccount(t.db, { owner: 'owner', tech: 'tech', senior: 'engineer' });
    const c = await clientsFor(local.app, team.users);
    const ch = await create(c.owner, target.url);
    expect(ch.status).toBe(201);
    const s = await startSession(c.tech);
    expect(
      (await c.tech.post(`/api/v1/sessions/${s.session.id}/handoffs`, { intent: 'escalate' })).status,
    ).toBe(201);
    guarded.deliveries.kick();
    await guarded.deliveries.idle();
    const rows = await t.db.query<{ status: string; last_error: string }>(
      'SELECT status, last_error FROM deliveries WHERE channel_id = $1',
      [ch.body.channel.id],
    );
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]!.status).toBe('failed');
    expect(rows.rows[0]!.last_error).toBe(REFUSED_HOST_MESSAGE);
    expect(target.requests).toHaveLength(0);
  });

  it('production: http:// is refused at save and at send, and ALLOW_PRIVATE_WEBHOOKS has no effect', async () => {
    const before = await channelCount();
    const plain = await create(pc, 'http://203.0.113.10/hook');
    expect(plain.status).toBe(400);
    expect(plain.body.message).toMatch(/Only https/);
    for (const target of [
      'https://127.0.0.1/hook',
      'https://169.254.169.254/',
      'https://[::ffff:10.0.0.1]/',
      'https://localhost/',
    ]) {
      const res = await create(pc, target);
      expect(res.status, target).toBe(400);
      expect(res.body.code).toBe('URL_NOT_ALLOWED');
    }
    expect(await channelCount()).toBe(before);

    // A plain-http channel saved in development, sent by the production configuration: refused before connecting.
    const target = await receiver();
    const ch = await create(lc, target.url);
    const tested = await pc.post(`/api/v1/channels/${ch.body.channel.id}/test`);
    expect(tested.body).toEqual({ ok: false, error: expect.stringMatching(/Only https/) });
    expect(target.requests).toHaveLength(0);
    await expect(
      postJson(target.url, '{}', {}, { requireHttps: true, allowPrivate: true, timeoutMs: 1000 }),
    ).rejects.toThrow(/Only https/);
    expect(target.requests).toHaveLength(0);
  });
});
