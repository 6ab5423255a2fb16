import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../server/lib/crypto';
import { LOGIN_LIMITS } from '../../server/modules/auth/auth.service';
import { issuePasswordReset } from '../../server/modules/auth/password-reset.service';
import { createTestApp, testConfig, type TestApp } from '../helpers/app';
import { TestClient } from '../helpers/test-client';
import { manualClock } from '../helpers/clock';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { createTestAccount, TEST_PASSWORD } from '../helpers/factories';

/**
 * The security suite's sign-in part: login rate limits, session fixation and revocation, cookie
 * flags, CSRF refusal and API token revocation. Every refusal is also checked to change nothing.
 */
describe('security: sign-in, sessions, CSRF and API tokens', () => {
  let t: TestDatabase;
  let app: TestApp['app'];
  const clock = manualClock(new Date('2031-05-01T08:00:00Z'));
  let ipCounter = 0;
  const freshIp = () => `192.0.2.${++ipCounter}`;
  const client = (ip = freshIp()) => new TestClient(app, ip);

  beforeAll(async () => {
    t = await createTestDatabase();
    app = createTestApp(t.db, { clock: clock.now }).app;
  });
  afterAll(() => t.drop());

  /** Runs `fn` with the clock moved forward, then puts it back for the next test. */
  async function later(ms: number, fn: () => Promise<void>) {
    const start = clock.now().getTime();
    clock.advance(ms);
    try {
      await fn();
    } finally {
      clock.advance(start - clock.now().getTime());
    }
  }

  const login = (c: TestClient, email: string, password = TEST_PASSWORD) =>
    c.post('/api/v1/auth/login', { email, password });
  const tokenOf = (cookie: string | undefined) => cookie!.split('=')[1]!;

  describe('login rate limiting', () => {
    it('per email and address: failures from one address lock that pair, even for the right password, and nothing else', async () => {
      const acct = await createTestAccount(t.db, { victim: 'tech', bystander: 'tech' });
      const attacker = freshIp();
      for (let i = 0; i < LOGIN_LIMITS.perPair; i++) {
        expect((await login(client(attacker), acct.users.victim.email, 'wrong-password')).status).toBe(401);
      }
      const locked = await login(client(attacker), acct.users.victim.email);
      expect(locked.status).toBe(429);
      expect(locked.body.code).toBe('RATE_LIMITED');
      expect(Number(locked.headers.get('retry-after'))).toBe(LOGIN_LIMITS.windowMinutes * 60);
      expect(locked.headers.get('set-cookie')).toBeNull();
      // The victim from their own address, and another user from the attacker's address, still sign in.
      expect((await login(client(), acct.users.victim.email)).status).toBe(200);
      expect((await login(client(attacker), acct.users.bystander.email)).status).toBe(200);
      // The window passes: the right password works again from that address too.
      await later(LOGIN_LIMITS.windowMinutes * 60_000 + 1000, async () => {
        expect((await login(client(attacker), acct.users.victim.email)).status).toBe(200);
      });
    });

    it('the email is matched without regard to case, so changing case does not reset the count', async () => {
      const acct = await createTestAccount(t.db, { victim: 'tech' });
      const email = acct.users.victim.email;
      const ip = freshIp();
      for (let i = 0; i < LOGIN_LIMITS.perPair; i++) {
        const variant = i % 2 ? email.toUpperCase() : email;
        await login(client(ip), variant, 'wrong-password');
      }
      expect((await login(client(ip), email.toUpperCase())).status).toBe(429);
    });

    it('per client address: spraying many emails from one address locks the address, not the accounts', async () => {
      const acct = await createTestAccount(t.db, { user: 'tech' });
      const sprayer = freshIp();
      for (let i = 0; i < LOGIN_LIMITS.perAddress; i++) {
        expect(
          (await login(client(sprayer), `spray-${i}-${sprayer}@example.test`, 'wrong-password')).status,
        ).toBe(401);
      }
      expect((await login(client(sprayer), acct.users.user.email)).status).toBe(429);
      expect((await login(client(), acct.users.user.email)).status).toBe(200);
    });

    it('successful sign-ins are not counted as failures', async () => {
      const acct = await createTestAccount(t.db, { user: 'tech' });
      const ip = freshIp();
      for (let i = 0; i < LOGIN_LIMITS.perPair + 2; i++)
        expect((await login(client(ip), acct.users.user.email)).status).toBe(200);
    });
  });

  describe('session fixation and revocation', () => {
    it('a planted, attacker-known session cookie is never the one the victim ends up with', async () => {
      const acct = await createTestAccount(t.db, { attacker: 'tech', victim: 'owner' });
      const attacker = client();
      await attacker.login(acct.users.attacker.email);
      const planted = attacker.cookie!;

      const victim = client();
      victim.cookie = planted;
      victim.csrf = attacker.csrf; // the attacker can hand over the CSRF token too
      const res = await login(victim, acct.users.victim.email);
      expect(res.status).toBe(200);
      expect(victim.cookie).toMatch(/^rf_session=rfs_/);
      expect(victim.cookie).not.toBe(planted);
      victim.csrf = res.body.csrf_token;
      expect((await victim.get('/api/v1/me')).body.user.id).toBe(acct.users.victim.id);
      expect(res.body.csrf_token).not.toBe(attacker.csrf);

      // The planted session was ended by the login, so it leads nowhere, least of all to the victim.
      const replay = client();
      replay.cookie = planted;
      expect((await replay.get('/api/v1/me')).status).toBe(401);
    });

    it('an unknown cookie value is not adopted as a session', async () => {
      const acct = await createTestAccount(t.db, { user: 'tech' });
      const c = client();
      const chosen = `rfs_${'A'.repeat(43)}`;
      c.cookie = `rf_session=${chosen}`;
      await c.login(acct.users.user.email);
      expect(tokenOf(c.cookie)).not.toBe(chosen);
      const rows = await t.db.query('SELECT 1 FROM auth_sessions WHERE token_hash = $1', [
        hashSecret(chosen),
      ]);
      expect(rows.rows).toHaveLength(0);
    });

    it('logout revokes the session server-side and clears the cookie; the old cookie is refused for reads and writes', async () => {
      const acct = await createTestAccount(t.db, { user: 'tech' });
      const c = client();
      await c.login(acct.users.user.email);
      const cookie = c.cookie;
      const csrf = c.csrf;
      const out = await c.post('/api/v1/auth/logout');
      expect(out.status).toBe(204);
      expect(out.headers.get('set-cookie')).toMatch(/^rf_session=;.*Max-Age=0/);
      const row = await t.db.query<{ revoked_at: Date | null }>(
        'SELECT revoked_at FROM auth_sessions WHERE token_hash = $1',
        [hashSecret(tokenOf(cookie))],
      );
      expect(row.rows[0]!.revoked_at).not.toBeNull();

      const replay = client();
      replay.cookie = cookie;
      replay.csrf = csrf;
      expect((await replay.get('/api/v1/me')).status).toBe(401);
      const write = await replay.post('/api/v1/sessions', {
        problem: 'Outlook keeps asking for the password',
      });
      expect(write.status).toBe(401);
      const sessions = await t.db.query('SELECT 1 FROM sessions WHERE user_id = $1', [acct.users.user.id]);
      expect(sessions.rows).toHaveLength(0);
    });

    it('an expired cookie is refused, even one second after its TTL', async () => {
      const acct = await createTestAccount(t.db, { user: 'tech' });
      const c = client();
      await c.login(acct.users.user.email);
      const ttlMs = testConfig().sessionTtlHours * 3_600_000;
      await later(ttlMs - 1000, async () => {
        expect((await c.get('/api/v1/me')).status).toBe(200);
      });
      await later(ttlMs + 1000, async () => {
        expect((await c.get('/api/v1/me')).status).toBe(401);
        expect((await c.post('/api/v1/tokens', { name: 'late' })).status).toBe(401);
      });
    });
  });

  describe('cookie flags', () => {
    const flags = (setCookie: string | null) => {
      const [pair, ...attrs] = (setCookie ?? '').split(/;\s*/);
      return { pair, attrs: new Map(attrs.map((a) => [a.split('=')[0]!.toLowerCase(), a.split('=')[1]])) };
    };

    it('the session cookie is HttpOnly, SameSite=Lax, Path=/, host-only, lives as long as the session and is not Secure in development', async () => {
      const acct = await createTestAccount(t.db, { user: 'tech' });
      const res = await login(client(), acct.users.user.email);
      const { pair, attrs } = flags(res.headers.get('set-cookie'));
      expect(pair).toMatch(/^rf_session=rfs_[A-Za-z0-9_-]{43}$/);
      expect(attrs.has('httponly')).toBe(true);
      expect(attrs.get('samesite')).toBe('Lax');
      expect(attrs.get('path')).toBe('/');
      expect(attrs.has('domain')).toBe(false);
      expect(Number(attrs.get('max-age'))).toBe(testConfig().sessionTtlHours * 3600);
      expect(attrs.has('secure')).toBe(false);
    });

    it('in production configuration every session cookie is also Secure: login, invite acceptance and password reset', async () => {
      const prod = testConfig({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://x@127.0.0.1/x',
        SESSION_SECRET: 'p'.repeat(32),
        SMTP_URL: 'smtp://127.0.0.1:1',
      });
      const prodApp = createTestApp(t.db, { config: prod, clock: clock.now }).app;
      const acct = await createTestAccount(t.db, { owner: 'owner' });
      const owner = new TestClient(prodApp, freshIp());
      const res = await owner.login(acct.users.owner.email);
      const cookie = flags(res.headers.get('set-cookie'));
      expect(cookie.attrs.has('secure')).toBe(true);
      expect(cookie.attrs.has('httponly')).toBe(true);
      expect(cookie.attrs.get('samesite')).toBe('Lax');

      const invite = await owner.post('/api/v1/invites', {
        email: `new-${ipCounter}@example.test`,
        role: 'tech',
      });
      const accepted = await new TestClient(prodApp, freshIp()).post('/api/v1/invites/accept', {
        token: invite.body.accept_url.split('/invite/')[1],
        name: 'New Person',
        password: 'a-long-password',
      });
      expect(accepted.status).toBe(201);
      expect(flags(accepted.headers.get('set-cookie')).attrs.has('secure')).toBe(true);

      // A link issued directly (this configuration's SMTP server does not exist).
      const issued = await issuePasswordReset(
        t.db,
        { email: acct.users.owner.email, ip: '192.0.2.250' },
        prod.appUrl,
        clock.now(),
      );
      const reset = await new TestClient(prodApp, freshIp()).post('/api/v1/auth/password-reset/confirm', {
        token: issued!.url.split('/reset-password/')[1],
        password: 'another-long-password',
      });
      expect(reset.status).toBe(200);
      const resetCookie = flags(reset.headers.get('set-cookie'));
      expect(resetCookie.attrs.has('secure')).toBe(true);
      expect(resetCookie.attrs.has('httponly')).toBe(true);
    });
  });

  describe('CSRF', () => {
    async function team() {
      const acct = await createTestAccount(t.db, { owner: 'owner', tech: 'tech' });
      const owner = client();
      await owner.login(acct.users.owner.email);
      const other = client();
      await other.login(acct.users.tech.email);
      return { acct, owner, otherCsrf: other.csrf! };
    }

    async function snapshot(accountId: string) {
      const q = async (sql: string) => (await t.db.query(sql, [accountId])).rows;
      return JSON.stringify({
        sessions: await q('SELECT id FROM sessions WHERE account_id = $1 ORDER BY id'),
        users: await q('SELECT id, role, is_active FROM users WHERE account_id = $1 ORDER BY id'),
        invites: await q('SELECT id FROM invites WHERE account_id = $1 ORDER BY id'),
        tokens: await q('SELECT id, revoked_at FROM api_tokens WHERE account_id = $1 ORDER BY id'),
        auth: await q('SELECT id, revoked_at FROM auth_sessions WHERE account_id = $1 ORDER BY id'),
        policy: await q('SELECT * FROM escalation_policies WHERE account_id = $1'),
      });
    }

    it('cookie-authenticated mutations without, with a wrong, or with another session’s X-CSRF-Token get 403 and change nothing', async () => {
      const { acct, owner, otherCsrf } = await team();
      const token = await owner.post('/api/v1/tokens', { name: 'keep-me' });
      const mutations: [string, string, unknown][] = [
        ['POST', '/api/v1/sessions', { problem: 'Printer on floor 2 shows offline' }],
        ['PATCH', `/api/v1/members/${acct.users.tech.id}`, { role: 'admin' }],
        ['PATCH', `/api/v1/members/${acct.users.tech.id}`, { is_active: false }],
        ['POST', '/api/v1/invites', { email: 'csrf-victim@example.test', role: 'admin' }],
        ['POST', '/api/v1/tokens', { name: 'attacker-token' }],
        ['DELETE', `/api/v1/tokens/${token.body.id}`, undefined],
        ['PUT', '/api/v1/escalation-policy', { levels: [] }],
        ['POST', '/api/v1/auth/logout', {}],
        ['POST', '/api/v1/account/leave', {}],
      ];
      const before = await snapshot(acct.accountId);
      for (const [method, path, body] of mutations) {
        for (const csrf of [undefined, '', 'wrong', otherCsrf, `${owner.csrf}x`]) {
          const forged = new TestClient(app, owner.ip);
          forged.cookie = owner.cookie;
          const headers: Record<string, string> = csrf === undefined ? {} : { 'x-csrf-token': csrf };
          const res = await forged.request(method, path, body, headers);
          expect(res.status, `${method} ${path} csrf=${csrf}`).toBe(403);
          expect(res.body.code).toBe('CSRF_TOKEN_INVALID');
        }
      }
      expect(await snapshot(acct.accountId)).toBe(before);
      // The session itself is untouched: reads work and the right token still mutates.
      expect((await owner.get('/api/v1/me')).status).toBe(200);
      expect(
        (await owner.post('/api/v1/sessions', { problem: 'Printer on floor 2 shows offline' })).status,
      ).toBe(201);
    });

    it('a cross-site form post (urlencoded or text/plain) cannot stand in for JSON, signed in or not', async () => {
      const { acct, owner } = await team();
      const before = await snapshot(acct.accountId);
      for (const type of [
        'application/x-www-form-urlencoded',
        'text/plain',
        'multipart/form-data; boundary=x',
      ]) {
        const forged = new TestClient(app, owner.ip);
        forged.cookie = owner.cookie;
        const res = await forged.request('POST', '/api/v1/sessions', '{"problem":"Printer offline"}', {
          'content-type': type,
        });
        expect(res.status, type).toBe(403);
        // Login CSRF (signing a victim into the attacker's account) needs a JSON body too.
        const loginForm = await new TestClient(app, freshIp()).request(
          'POST',
          '/api/v1/auth/login',
          JSON.stringify({ email: acct.users.tech.email, password: TEST_PASSWORD }),
          { 'content-type': type },
        );
        expect([400, 415], type).toContain(loginForm.status);
        expect(loginForm.headers.get('set-cookie')).toBeNull();
      }
      expect(await snapshot(acct.accountId)).toBe(before);
    });

    it('reads need no CSRF token, and bearer-token requests never do', async () => {
      const { owner } = await team();
      const reader = new TestClient(app, owner.ip);
      reader.cookie = owner.cookie;
      expect((await reader.get('/api/v1/members')).status).toBe(200);
      const created = await owner.post('/api/v1/tokens', { name: 'script' });
      const script = client();
      script.bearer = created.body.token;
      const res = await script.post('/api/v1/sessions', { problem: 'VPN drops every ten minutes' });
      expect(res.status).toBe(201);
      // A bearer header wins over a cookie: a bad bearer is refused even with a valid cookie beside it.
      const mixed = await new TestClient(app).request('GET', '/api/v1/me', undefined, {
        cookie: owner.cookie!,
        authorization: 'Bearer rfp_nope',
      });
      expect(mixed.status).toBe(401);
    });
  });

  describe('API tokens', () => {
    it('shown once, stored only as a SHA-256 hash, listed without the secret', async () => {
      const acct = await createTestAccount(t.db, { user: 'engineer' });
      const c = client();
      await c.login(acct.users.user.email);
      const created = await c.post('/api/v1/tokens', { name: 'ci' });
      expect(created.body.token).toMatch(/^rfp_[A-Za-z0-9_-]{43}$/);
      const rows = await t.db.query<Record<string, unknown>>('SELECT * FROM api_tokens WHERE id = $1', [
        created.body.id,
      ]);
      expect(rows.rows[0]!.token_hash).toBe(hashSecret(created.body.token));
      expect(JSON.stringify(rows.rows[0])).not.toContain(created.body.token);
      const list = await c.get('/api/v1/tokens');
      expect(list.text).not.toContain(created.body.token);
      expect(list.text).not.toContain(hashSecret(created.body.token));
      expect(list.body.items.find((i: { id: string }) => i.id === created.body.id)).toEqual({
        id: created.body.id,
        name: 'ci',
        created_at: expect.any(String),
        last_used_at: null,
      });
    });

    it('a revoked token is refused on the very next request, for reads and writes', async () => {
      const acct = await createTestAccount(t.db, { user: 'engineer' });
      const c = client();
      await c.login(acct.users.user.email);
      const created = await c.post('/api/v1/tokens', { name: 'deploy' });
      const script = client();
      script.bearer = created.body.token;
      expect((await script.get('/api/v1/sessions')).status).toBe(200);
      expect((await c.delete(`/api/v1/tokens/${created.body.id}`)).status).toBe(204);
      expect((await script.get('/api/v1/sessions')).status).toBe(401);
      const write = await script.post('/api/v1/sessions', { problem: 'Shared drive mapping fails at logon' });
      expect(write.status).toBe(401);
      expect(write.body.code).toBe('UNAUTHORIZED');
      const sessions = await t.db.query('SELECT 1 FROM sessions WHERE user_id = $1', [acct.users.user.id]);
      expect(sessions.rows).toHaveLength(0);
    });

    it('tokens of a deactivated member stop working; the hash of a token is not a token', async () => {
      const acct = await createTestAccount(t.db, { owner: 'owner', user: 'tech' });
      const owner = client();
      await owner.login(acct.users.owner.email);
      const user = client();
      await user.login(acct.users.user.email);
      const created = await user.post('/api/v1/tokens', { name: 'laptop' });
      const byHash = client();
      byHash.bearer = hashSecret(created.body.token);
      expect((await byHash.get('/api/v1/me')).status).toBe(401);
      const script = client();
      script.bearer = created.body.token;
      expect((await script.get('/api/v1/me')).status).toBe(200);
      expect((await owner.patch(`/api/v1/members/${acct.users.user.id}`, { is_active: false })).status).toBe(
        200,
      );
      expect((await script.get('/api/v1/me')).status).toBe(401);
    });
  });
});
