import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testConfig, type TestApp } from '../helpers/app';
import { TestClient } from '../helpers/test-client';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';
import { createTestAccount, type TestUser } from '../helpers/factories';
import { listen } from '../helpers/http-server';
import { addMember } from '../helpers/security/members';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';
import { SseClient } from '../helpers/sse-client';
import { waitUntil } from '../helpers/wait-until';
import { issuePasswordReset } from '../../server/modules/auth/password-reset.service';
import type { Role } from '../../shared/roles';

/** Closes well within this; the heartbeat (a minute here) cannot be what closed it. */
const PROMPT_MS = 1500;

/** Resolves with how long the stream took to end, or rejects if it is still open after `ms`. */
async function endsWithin(s: SseClient, ms: number) {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    s.closed,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`stream still open after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
  return Date.now() - started;
}

/** True if the stream is still open after `ms`. */
async function staysOpen(s: SseClient, ms: number) {
  let ended = false;
  void s.closed.then(() => (ended = true));
  await new Promise((r) => setTimeout(r, ms));
  return !ended;
}

describe(`a live stream ends when its user is no longer entitled (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  let testApp: TestApp;
  let server: { url: string; close: () => Promise<void> };
  let acct: Awaited<ReturnType<typeof createTestAccount<'owner'>>>;
  let owner: TestClient;
  const open: SseClient[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    // A minute between heartbeats: every close below must come from the announcement, not the backstop.
    testApp = createTestApp(t.db, {
      streamLimits: { heartbeatMs: 60_000, maxQueuedBytes: 256 * 1024, replayLimit: 20 },
    });
    server = await listen(testApp.app);
    acct = await createTestAccount(t.db, { owner: 'owner' });
    owner = await TestClient.signIn(server.url, acct.users.owner.email);
  });
  afterAll(async () => {
    open.forEach((s) => s.close());
    await testApp.realtime.bus.stop();
    await testApp.assessments.stop();
    await server.close();
    await t.drop();
  });

  async function person(role: Role = 'engineer') {
    const user = await addMember(t.db, acct.accountId, role, 'streamer');
    return { user, client: await TestClient.signIn(server.url, user.email) };
  }

  async function streamOf(client: TestClient, base = server.url) {
    const headers: Record<string, string> = client.bearer
      ? { authorization: `Bearer ${client.bearer}` }
      : { cookie: client.cookie ?? '' };
    const s = await SseClient.connect(`${base}/api/v1/stream`, headers);
    open.push(s);
    expect(s.status).toBe(200);
    await s.waitFor((f) => f.event === 'ready');
    // Let the stream's own check at connect finish, so what closes it below is the announcement.
    await new Promise((r) => setTimeout(r, 100));
    return s;
  }

  it('deactivating the user closes their stream at once', async () => {
    const { user, client } = await person();
    const s = await streamOf(client);
    expect((await owner.patch(`/api/v1/members/${user.id}`, { is_active: false })).status).toBe(200);
    const tookMs = await endsWithin(s, PROMPT_MS);
    console.info(`deactivation → stream closed in ${tookMs} ms`);
    expect((await SseClient.connect(`${server.url}/api/v1/stream`, { cookie: client.cookie! })).status).toBe(
      401,
    );
  });

  it('signing out closes the stream of that session only', async () => {
    const { user, client } = await person();
    const elsewhere = await TestClient.signIn(server.url, user.email);
    const s = await streamOf(client);
    const other = await streamOf(elsewhere);
    expect((await client.post('/api/v1/auth/logout')).status).toBe(204);
    await endsWithin(s, PROMPT_MS);
    expect(await staysOpen(other, 300)).toBe(true);
    other.close();
  });

  it('revoking the session from another device closes its stream; the device’s own stream stays', async () => {
    const { user, client } = await person();
    const laptop = await TestClient.signIn(server.url, user.email);
    const s = await streamOf(client);
    const kept = await streamOf(laptop);
    const sessions = (await client.get('/api/v1/me/sessions')).body.items as any[];
    const target = sessions.find((x) => x.current)!;
    expect((await laptop.delete(`/api/v1/me/sessions/${target.id}`)).status).toBe(204);
    await endsWithin(s, PROMPT_MS);
    expect(await staysOpen(kept, 300)).toBe(true);
    // Signing out every other session ends the rest, but never the caller's own.
    const third = await TestClient.signIn(server.url, user.email);
    const s3 = await streamOf(third);
    expect((await laptop.post('/api/v1/me/sessions/revoke-others')).status).toBe(204);
    await endsWithin(s3, PROMPT_MS);
    expect(await staysOpen(kept, 300)).toBe(true);
    kept.close();
  });

  it('a password reset ends every stream of the user, cookie and API token alike', async () => {
    const { user, client } = await person();
    const token = (await client.post('/api/v1/tokens', { name: 'wallboard' })).body.token as string;
    const script = new TestClient(server.url);
    script.bearer = token;
    const s = await streamOf(client);
    const viaToken = await streamOf(script);
    const issued = await issuePasswordReset(
      t.db,
      { email: user.email, ip: '198.51.100.9' },
      testApp.config.appUrl,
      new Date(),
    );
    const resetToken = issued!.url.split('/reset-password/')[1]!;
    const confirmed = await new TestClient(server.url).post('/api/v1/auth/password-reset/confirm', {
      token: resetToken,
      password: 'a-brand-new-password',
    });
    expect(confirmed.status, confirmed.text).toBe(200);
    await Promise.all([endsWithin(s, PROMPT_MS), endsWithin(viaToken, PROMPT_MS)]);
  });

  it('revoking the API token a stream was opened with closes it', async () => {
    const { client } = await person();
    const created = (await client.post('/api/v1/tokens', { name: 'wallboard' })).body;
    const script = new TestClient(server.url);
    script.bearer = created.token;
    const s = await streamOf(script);
    const browser = await streamOf(client);
    expect((await client.delete(`/api/v1/tokens/${created.id}`)).status).toBe(204);
    await endsWithin(s, PROMPT_MS);
    expect(await staysOpen(browser, 300)).toBe(true);
    browser.close();
  });

  it('a role change closes the stream with `reconnect`; the reconnect gets what the new role may have', async () => {
    const { user, client } = await person('engineer');
    const s = await streamOf(client);
    expect((await owner.patch(`/api/v1/members/${user.id}`, { role: 'tech' })).status).toBe(200);
    await endsWithin(s, PROMPT_MS);
    expect(s.events('reconnect')).toHaveLength(1);
    // Still entitled as a tech: the reconnect succeeds (and sees as a tech).
    const again = await streamOf(client);
    expect(again.events('ready')[0]!.data.user_id).toBe(user.id);
    // Demoted to viewer: closed again, and the reconnect is refused.
    expect((await owner.patch(`/api/v1/members/${user.id}`, { role: 'viewer' })).status).toBe(200);
    await endsWithin(again, PROMPT_MS);
    const refused = await SseClient.connect(`${server.url}/api/v1/stream`, { cookie: client.cookie! });
    expect(refused.status).toBe(403);
  });

  it('another user signing out leaves the stream open', async () => {
    const { client } = await person();
    const bystander = await person();
    const s = await streamOf(client);
    expect((await bystander.client.post('/api/v1/auth/logout')).status).toBe(204);
    expect(await staysOpen(s, 500)).toBe(true);
    s.close();
  });

  describe('the heartbeat re-check is the backstop', () => {
    let quick: TestApp;
    let quickServer: { url: string; close: () => Promise<void> };
    beforeAll(async () => {
      quick = createTestApp(t.db, {
        streamLimits: { heartbeatMs: 150, maxQueuedBytes: 256 * 1024, replayLimit: 20 },
      });
      quickServer = await listen(quick.app);
    });
    afterAll(async () => {
      await quick.realtime.bus.stop();
      await quick.assessments.stop();
      await quickServer.close();
    });

    it('a session that expires (no announcement at all) closes at the next heartbeat', async () => {
      const { user } = await person();
      const client = await TestClient.signIn(quickServer.url, user.email);
      const s = await streamOf(client, quickServer.url);
      await t.db.query(
        `UPDATE auth_sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
        [user.id],
      );
      await endsWithin(s, 2000);
    });
  });
});

describe(`live stream caps (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  let testApp: TestApp;
  let server: { url: string; close: () => Promise<void> };
  let acct: Awaited<ReturnType<typeof createTestAccount<'a' | 'b'>>>;
  const open: SseClient[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    testApp = createTestApp(t.db, {
      config: testConfig({ STREAM_MAX_PER_USER: '2', STREAM_MAX_PER_ACCOUNT: '3' }),
      streamLimits: { heartbeatMs: 60_000, maxQueuedBytes: 256 * 1024, replayLimit: 20 },
    });
    server = await listen(testApp.app);
    acct = await createTestAccount(t.db, { a: 'engineer', b: 'engineer' });
  });
  afterAll(async () => {
    open.forEach((s) => s.close());
    await testApp.realtime.bus.stop();
    await testApp.assessments.stop();
    await server.close();
    await t.drop();
  });

  async function connect(user: TestUser) {
    const client = await TestClient.signIn(server.url, user.email);
    const res = await fetch(`${server.url}/api/v1/stream`, { headers: { cookie: client.cookie! } });
    if (res.status !== 200) return { status: res.status, body: (await res.json()) as any };
    await res.body?.cancel();
    return { status: res.status, body: undefined };
  }

  async function stream(user: TestUser) {
    const client = await TestClient.signIn(server.url, user.email);
    const s = await SseClient.connect(`${server.url}/api/v1/stream`, { cookie: client.cookie! });
    open.push(s);
    return s;
  }

  it('a user over their cap gets 429 STREAM_LIMIT_REACHED with a reason; closing a stream frees its slot', async () => {
    const first = await stream(acct.users.a);
    const second = await stream(acct.users.a);
    expect([first.status, second.status]).toEqual([200, 200]);
    const third = await stream(acct.users.a);
    expect(third.status).toBe(429);
    const refused = await connect(acct.users.a);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({
      code: 'STREAM_LIMIT_REACHED',
      message: expect.stringContaining('2 live streams'),
      details: { scope: 'user', limit: 2 },
    });

    first.close();
    await waitUntil('the slot is freed', () => testApp.realtime.hub.openFor(acct.users.a.id) === 1, 5000, 20);
    const again = await stream(acct.users.a);
    expect(again.status).toBe(200);
    await again.waitFor((f) => f.event === 'ready');
  });

  it('the account cap counts every member; a stream ended by revocation frees its slot too', async () => {
    // `a` holds two (the cap of the account is three): `b` gets one, then the account is full.
    const b1 = await stream(acct.users.b);
    expect(b1.status).toBe(200);
    const refused = await connect(acct.users.b);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({
      code: 'STREAM_LIMIT_REACHED',
      details: { scope: 'account', limit: 3 },
    });
    // Another account is not affected.
    const other = await createTestAccount(t.db, { c: 'engineer' });
    const c1 = await stream(other.users.c);
    expect(c1.status).toBe(200);
    c1.close();

    // `b` signs out their other sessions: the stream ends and its slot is free again.
    const bClient = await TestClient.signIn(server.url, acct.users.b.email);
    expect((await bClient.post('/api/v1/me/sessions/revoke-others')).status).toBe(204);
    await endsWithin(b1, PROMPT_MS);
    await waitUntil('the slot is freed', () => testApp.realtime.hub.openFor(acct.users.b.id) === 0, 5000, 20);
    const b2 = await SseClient.connect(`${server.url}/api/v1/stream`, { cookie: bClient.cookie! });
    open.push(b2);
    expect(b2.status).toBe(200);
  });
});

/** A revocation made through one process closes a stream held by another process on the same database. */
describe.skipIf(!onPostgres)('stream closes across server processes (PostgreSQL)', () => {
  let t: TestDatabase;
  let testApp: TestApp;
  let b: ServerProcess;
  let acct: Awaited<ReturnType<typeof createTestAccount<'owner' | 'senior' | 'senior2'>>>;
  const open: SseClient[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    acct = await createTestAccount(t.db, { owner: 'owner', senior: 'engineer', senior2: 'engineer' });
    // This test process is "process 1"; the child is "process 2".
    testApp = createTestApp(t.db);
    b = await startServerProcess({ DATABASE_URL: t.url!, SEED_DEMO: 'off', DATABASE_POOL_SIZE: '4' });
  }, 120_000);
  afterAll(async () => {
    open.forEach((s) => s.close());
    await b?.stop();
    await testApp.assessments.stop();
    await t.drop();
  });

  async function streamOnB(client: TestClient) {
    const s = await SseClient.connect(`${b.url}/api/v1/stream`, { cookie: client.cookie! });
    open.push(s);
    expect(s.status).toBe(200);
    await s.waitFor((f) => f.event === 'ready');
    return s;
  }

  it('revoking the session in process 1 closes its stream in process 2 within a second or so', async () => {
    const onB = await TestClient.signIn(b.url, acct.users.senior.email);
    const s = await streamOnB(onB);
    // Signed in to process 1 (in this process, no socket) as the same user.
    const here = new TestClient(testApp.app);
    await here.login(acct.users.senior.email);
    const target = ((await onB.get('/api/v1/me/sessions')).body.items as any[]).find((x) => x.current)!;
    const started = Date.now();
    expect((await here.delete(`/api/v1/me/sessions/${target.id}`)).status).toBe(204);
    await endsWithin(s, 2000);
    console.info(`cross-process revocation → stream closed in ${Date.now() - started} ms`);
  });

  it('a role change in process 1 makes the stream in process 2 reconnect', async () => {
    const onB = await TestClient.signIn(b.url, acct.users.senior2.email);
    const s = await streamOnB(onB);
    const admin = new TestClient(testApp.app);
    await admin.login(acct.users.owner.email);
    expect((await admin.patch(`/api/v1/members/${acct.users.senior2.id}`, { role: 'tech' })).status).toBe(
      200,
    );
    await endsWithin(s, 2000);
    expect(s.events('reconnect')).toHaveLength(1);
  });
});
