import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../server/db/tenant';
import { hashSecret } from '../../server/lib/crypto';
import { LOGIN_LIMITS } from '../../server/modules/auth/auth.service';
import { createTestApp, type TestApp } from '../helpers/app';
import { TestClient } from '../helpers/test-client';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { createTestAccount, TEST_PASSWORD } from '../helpers/factories';

describe('auth: login, session cookie, CSRF, API tokens', () => {
  let t: TestDatabase;
  let app: TestApp['app'];
  let acct: Awaited<ReturnType<typeof createTestAccount<'owner' | 'tech'>>>;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = createTestApp(t.db).app;
    acct = await createTestAccount(t.db, { owner: 'owner', tech: 'tech' });
  });
  afterAll(() => t.drop());

  it('logs in with an HttpOnly SameSite=Lax cookie and returns user, account and CSRF token', async () => {
    const c = new TestClient(app);
    const res = await c.post('/api/v1/auth/login', {
      email: acct.users.tech.email.toUpperCase(),
      password: TEST_PASSWORD,
    });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({
      id: acct.users.tech.id,
      role: 'tech',
      email: acct.users.tech.email,
    });
    expect(res.body.account).toMatchObject({ id: acct.accountId, name: 'Test MSP' });
    expect(res.body.csrf_token).toMatch(/.{32,}/);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^rf_session=rfs_/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // Secure only in production (see below)
    const me = await c.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { id: acct.users.tech.id }, csrf_token: res.body.csrf_token });
  });

  it('marks the cookie Secure in production', async () => {
    const { testConfig } = await import('../helpers/app');
    const prod = testConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://x@127.0.0.1/x',
      SESSION_SECRET: 'x'.repeat(32),
      SMTP_URL: 'smtp://127.0.0.1:25',
    });
    const c = new TestClient(createTestApp(t.db, { config: prod }).app, '198.51.100.40');
    const res = await c.post('/api/v1/auth/login', { email: acct.users.tech.email, password: TEST_PASSWORD });
    expect(res.headers.get('set-cookie')).toMatch(/Secure/);
  });

  it('stores only a hash of the session token', async () => {
    const c = new TestClient(app);
    await c.login(acct.users.owner.email);
    const token = c.cookie!.split('=')[1]!;
    const rows = await withTenant(t.db, acct.accountId, (tx) =>
      tx.query<{ token_hash: string }>('SELECT token_hash FROM auth_sessions WHERE user_id = $1', [
        acct.users.owner.id,
      ]),
    );
    expect(rows.rows.map((r) => r.token_hash)).toContain(hashSecret(token));
    expect(rows.rows.map((r) => r.token_hash)).not.toContain(token);
  });

  it('answers 401 with one message for a wrong password and for an unknown email', async () => {
    const c = new TestClient(app, '198.51.100.1');
    const wrong = await c.post('/api/v1/auth/login', {
      email: acct.users.tech.email,
      password: 'nope-nope-nope',
    });
    const unknown = await c.post('/api/v1/auth/login', {
      email: 'nobody@example.test',
      password: 'nope-nope-nope',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
  });

  it('rate-limits repeated failures for one email from one address with 429 and Retry-After', async () => {
    const victim = await createTestAccount(t.db, { user: 'tech' });
    const c = new TestClient(app, '198.51.100.2');
    for (let i = 0; i < LOGIN_LIMITS.perPair; i++) {
      expect(
        (await c.post('/api/v1/auth/login', { email: victim.users.user.email, password: 'wrong-password' }))
          .status,
      ).toBe(401);
    }
    const limited = await c.post('/api/v1/auth/login', {
      email: victim.users.user.email,
      password: TEST_PASSWORD,
    });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('logout revokes the session server-side: the old cookie no longer works', async () => {
    const c = new TestClient(app);
    await c.login(acct.users.tech.email);
    const stolen = c.cookie;
    expect((await c.post('/api/v1/auth/logout')).status).toBe(204);
    const replay = new TestClient(app);
    replay.cookie = stolen;
    expect((await replay.get('/api/v1/me')).status).toBe(401);
  });

  it('issues a fresh session on login even when a cookie was planted (no fixation)', async () => {
    const c = new TestClient(app);
    c.cookie = 'rf_session=rfs_attacker-chosen-value';
    await c.login(acct.users.tech.email);
    expect(c.cookie).not.toBe('rf_session=rfs_attacker-chosen-value');
    expect((await c.get('/api/v1/me')).status).toBe(200);
  });

  it('expires sessions after their TTL', async () => {
    let now = new Date('2030-01-01T00:00:00Z');
    const timed = createTestApp(t.db, { clock: () => now }).app;
    const c = new TestClient(timed, '198.51.100.3');
    await c.login(acct.users.tech.email);
    expect((await c.get('/api/v1/me')).status).toBe(200);
    now = new Date(now.getTime() + (24 * 7 + 1) * 3_600_000);
    expect((await c.get('/api/v1/me')).status).toBe(401);
  });

  it('refuses cookie-authenticated mutations without the CSRF header', async () => {
    const c = new TestClient(app);
    await c.login(acct.users.owner.email);
    const res = await c.request('POST', '/api/v1/tokens', { name: 'x' }, { 'x-csrf-token': 'wrong' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('CSRF_TOKEN_INVALID');
    const none = new TestClient(app);
    none.cookie = c.cookie;
    expect((await none.post('/api/v1/tokens', { name: 'x' })).status).toBe(403);
    expect((await c.post('/api/v1/tokens', { name: 'ok' })).status).toBe(201);
  });

  it('API tokens: shown once, work as Bearer without CSRF, listed without secret, revocable', async () => {
    const c = new TestClient(app);
    await c.login(acct.users.tech.email);
    const created = await c.post('/api/v1/tokens', { name: 'script' });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^rfp_/);
    const list = await c.get('/api/v1/tokens');
    expect(list.body.items.some((i: { id: string }) => i.id === created.body.id)).toBe(true);
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);

    const script = new TestClient(app);
    script.bearer = created.body.token;
    expect((await script.get('/api/v1/me')).body.user.id).toBe(acct.users.tech.id);
    // A token cannot mint another token: only a signed-in browser session can.
    const minted = await script.post('/api/v1/tokens', { name: 'from-bearer' });
    expect(minted.status).toBe(403);
    expect(minted.body.code).toBe('SESSION_REQUIRED');
    expect((await c.get('/api/v1/tokens')).body.items).toHaveLength(list.body.items.length);

    expect((await c.delete(`/api/v1/tokens/${created.body.id}`)).status).toBe(204);
    const after = await script.get('/api/v1/me');
    expect(after.status).toBe(401);
    expect((await c.delete(`/api/v1/tokens/${created.body.id}`)).status).toBe(404);
  });

  it('a token of another user cannot be revoked by id (404)', async () => {
    const owner = new TestClient(app);
    await owner.login(acct.users.owner.email);
    const tok = await owner.post('/api/v1/tokens', { name: 'mine' });
    const tech = new TestClient(app);
    await tech.login(acct.users.tech.email);
    expect((await tech.delete(`/api/v1/tokens/${tok.body.id}`)).status).toBe(404);
  });

  it('a garbage bearer token is 401, never 500', async () => {
    const c = new TestClient(app);
    for (const value of ['Bearer', 'Bearer rfp_x', 'Basic abc', `Bearer ${'a'.repeat(5000)}`]) {
      const res = await c.request('GET', '/api/v1/me', undefined, { authorization: value });
      expect(res.status, value.slice(0, 20)).toBe(401);
    }
  });

  it('deactivated users lose their sessions and cannot log in', async () => {
    const extra = await createTestAccount(t.db, { owner: 'owner', tech: 'tech' });
    const tech = new TestClient(app);
    await tech.login(extra.users.tech.email);
    const owner = new TestClient(app);
    await owner.login(extra.users.owner.email);
    expect((await owner.patch(`/api/v1/members/${extra.users.tech.id}`, { is_active: false })).status).toBe(
      200,
    );
    expect((await tech.get('/api/v1/me')).status).toBe(401);
    const again = await new TestClient(app, '198.51.100.9').post('/api/v1/auth/login', {
      email: extra.users.tech.email,
      password: TEST_PASSWORD,
    });
    expect(again.status).toBe(401);
  });
});
