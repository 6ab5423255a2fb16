import { serve } from '@hono/node-server';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem } from '../../server/db/tenant';
import { createAccount } from '../../server/modules/accounts/accounts.service';
import { issuePasswordReset } from '../../server/modules/auth/password-reset.service';
import { createTestApp, testConfig, type TestApp } from '../helpers/app';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';
import { TEST_PASSWORD } from '../helpers/factories';
import { CookieJar, signInAtProvider, startOidcProvider, type OidcProvider } from '../helpers/oidc-provider';
import { TestClient } from '../helpers/test-client';

/** A port free right now on 127.0.0.1: the app's address must be known before it starts (APP_URL). */
async function freePort() {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

const tag = Math.random().toString(36).slice(2, 8);
/** Each account of this file signs in with its own domain: domains are unique across the installation. */
const DOMAIN_A = `a-${tag}.example`;
const DOMAIN_B = `b-${tag}.example`;

describe(`single sign-on with OpenID Connect (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  let testApp: TestApp;
  let appUrl: string;
  let closeApp: () => Promise<void>;
  let idp: OidcProvider;
  let a: { accountId: string; owner: string; admin: string; tech: string; inactive: string };
  let b: { accountId: string; admin: string; strayEmail: string };
  let ownerA: TestClient;
  let adminA: TestClient;
  let adminB: TestClient;
  let ip = 0;

  const client = () => new TestClient(appUrl, `198.51.100.${++ip}`);

  async function signedIn(email: string) {
    const c = client();
    await c.login(email);
    return c;
  }

  const settingsBody = (over: Record<string, unknown> = {}) => ({
    issuer_url: idp.issuer,
    client_id: idp.clientId,
    client_secret: idp.clientSecret,
    allowed_domains: [DOMAIN_A],
    default_role: 'engineer',
    sso_only: false,
    enabled: true,
    ...over,
  });

  const userByEmail = (email: string) =>
    asSystem(t.db, 'seed', async (q) => {
      const { rows } = await q.query<{
        id: string;
        account_id: string;
        role: string;
        password_hash: string | null;
      }>(`SELECT id, account_id, role, password_hash FROM users WHERE lower(email) = lower($1)`, [email]);
      return rows[0];
    });

  const auditActions = (accountId: string, targetId: string) =>
    asSystem(t.db, 'seed', async (q) => {
      const { rows } = await q.query<{ action: string }>(
        `SELECT action FROM audit_log WHERE account_id = $1 AND target_id = $2 ORDER BY id`,
        [accountId, targetId],
      );
      return rows.map((r) => r.action);
    });

  /** The browser's first leg: asks the app to start, keeps the binding cookie. */
  async function start(email: string, jar = new CookieJar()) {
    const res = await fetch(`${appUrl}/api/v1/auth/sso/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    jar.take(res);
    return { res, body: (await res.json()) as { redirect_url?: string; code?: string }, jar };
  }

  /** The browser comes back from the provider to `callback` (an app URL) with the cookies of `jar`. */
  async function callback(pathAndQuery: string, jar: CookieJar) {
    const res = await fetch(`${appUrl}${pathAndQuery}`, {
      redirect: 'manual',
      headers: { cookie: jar.header() },
    });
    jar.take(res);
    return { status: res.status, location: res.headers.get('location'), text: await res.text(), jar };
  }

  /** The whole round: start, the provider's login as `providerId`, and the callback. */
  async function fullSignIn(email: string, providerId: string, beforeCallback?: () => Promise<void>) {
    const { res, body, jar } = await start(email);
    expect(res.status, JSON.stringify(body)).toBe(200);
    const back = await signInAtProvider(body.redirect_url!, providerId);
    expect(back.origin).toBe(appUrl);
    await beforeCallback?.();
    return callback(`${back.pathname}${back.search}`, jar);
  }

  async function meOf(jar: CookieJar) {
    const res = await fetch(`${appUrl}/api/v1/me`, { headers: { cookie: jar.header() } });
    return { status: res.status, body: (await res.json()) as { user: { email: string; role: string } } };
  }

  beforeAll(async () => {
    t = await createTestDatabase();
    const port = await freePort();
    appUrl = `http://127.0.0.1:${port}`;
    idp = await startOidcProvider(`${appUrl}/api/v1/auth/sso/callback`);
    // Private addresses allowed: the provider listens on 127.0.0.1 (as the webhook tests' receivers do).
    testApp = createTestApp(t.db, {
      config: testConfig({ APP_URL: appUrl, ALLOW_PRIVATE_WEBHOOKS: 'true' }),
    });
    const server = serve({ fetch: testApp.app.fetch, port, hostname: '127.0.0.1' });
    closeApp = () => new Promise<void>((r) => server.close(() => r()));

    const accA = await createAccount(t.db, {
      name: `Alpha ${tag}`,
      users: [
        { email: `owner@${DOMAIN_A}`, name: 'Owner A', role: 'owner', password: TEST_PASSWORD },
        { email: `admin@${DOMAIN_A}`, name: 'Admin A', role: 'admin', password: TEST_PASSWORD },
        { email: `tech@${DOMAIN_A}`, name: 'Tech A', role: 'tech', password: TEST_PASSWORD },
        { email: `gone@${DOMAIN_A}`, name: 'Gone A', role: 'tech', password: TEST_PASSWORD },
      ],
    });
    const [owner, admin, tech, inactive] = accA.users.map((u) => u.id) as [string, string, string, string];
    a = { accountId: accA.accountId, owner, admin, tech, inactive };
    await asSystem(t.db, 'seed', (q) =>
      q.query(`UPDATE users SET is_active = false WHERE id = $1`, [inactive]),
    );
    // B has a user whose email is at A's domain (say, a contractor who signed up at B first).
    const accB = await createAccount(t.db, {
      name: `Bravo ${tag}`,
      users: [
        { email: `admin@${DOMAIN_B}`, name: 'Admin B', role: 'admin', password: TEST_PASSWORD },
        { email: `contractor@${DOMAIN_A}`, name: 'Contractor B', role: 'tech', password: TEST_PASSWORD },
      ],
    });
    b = { accountId: accB.accountId, admin: accB.users[0]!.id, strayEmail: `contractor@${DOMAIN_A}` };

    ownerA = await signedIn(`owner@${DOMAIN_A}`);
    adminA = await signedIn(`admin@${DOMAIN_A}`);
    adminB = await signedIn(`admin@${DOMAIN_B}`);
    const saved = await adminA.request('PUT', '/api/v1/account/sso', settingsBody());
    expect(saved.status, saved.text).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await closeApp?.();
    await idp?.close();
    await t?.drop();
  });

  describe('settings', () => {
    it('answers the saved settings to an admin, with has_secret and never the secret', async () => {
      const res = await adminA.get('/api/v1/account/sso');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        configured: true,
        issuer_url: idp.issuer,
        client_id: idp.clientId,
        has_secret: true,
        allowed_domains: [DOMAIN_A],
        default_role: 'engineer',
        sso_only: false,
        enabled: true,
        redirect_uri: `${appUrl}/api/v1/auth/sso/callback`,
      });
      expect(res.text).not.toContain(idp.clientSecret);
      const stored = await asSystem(t.db, 'seed', (q) =>
        q.query<{ client_secret_sealed: string }>(
          `SELECT client_secret_sealed FROM sso_settings WHERE account_id = $1`,
          [a.accountId],
        ),
      );
      expect(stored.rows[0]!.client_secret_sealed).toMatch(/^v1\./);
      expect(stored.rows[0]!.client_secret_sealed).not.toContain(idp.clientSecret);
    });

    it('keeps the secret when a save leaves it out, lower-cases domains and refuses owner as default role', async () => {
      const { client_secret: _omit, ...noSecret } = settingsBody();
      const res = await adminA.request('PUT', '/api/v1/account/sso', {
        ...noSecret,
        allowed_domains: [DOMAIN_A.toUpperCase()],
      });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ has_secret: true, allowed_domains: [DOMAIN_A] });
      const owner = await adminA.request(
        'PUT',
        '/api/v1/account/sso',
        settingsBody({ default_role: 'owner' }),
      );
      expect(owner.status).toBe(400);
      const badDomain = await adminA.request(
        'PUT',
        '/api/v1/account/sso',
        settingsBody({ allowed_domains: ['@x'] }),
      );
      expect(badDomain.status).toBe(400);
    });

    it('is for admins and owners only', async () => {
      const tech = await signedIn(`tech@${DOMAIN_A}`);
      expect((await tech.get('/api/v1/account/sso')).status).toBe(403);
      expect((await tech.request('PUT', '/api/v1/account/sso', settingsBody())).status).toBe(403);
      expect((await tech.post('/api/v1/account/sso/test-discovery')).status).toBe(403);
      expect((await ownerA.get('/api/v1/account/sso')).status).toBe(200);
    });

    it('tests discovery: success against the provider, a clear failure against a dead address', async () => {
      const ok = await adminA.post('/api/v1/account/sso/test-discovery');
      expect(ok.status, ok.text).toBe(200);
      expect(ok.body).toMatchObject({
        ok: true,
        issuer: idp.issuer,
        authorization_endpoint: expect.stringContaining(idp.issuer),
      });

      // B points at a port where nothing listens: an answer saying so, not an error.
      const dead = `http://127.0.0.1:${await freePort()}`;
      const saved = await adminB.request(
        'PUT',
        '/api/v1/account/sso',
        settingsBody({ issuer_url: dead, allowed_domains: [DOMAIN_B], enabled: false }),
      );
      expect(saved.status, saved.text).toBe(200);
      const failed = await adminB.post('/api/v1/account/sso/test-discovery');
      expect(failed.status).toBe(200);
      expect(failed.body.ok).toBe(false);
      expect(failed.body.message.length).toBeGreaterThan(5);
    });

    it('refuses an issuer on a private address unless private targets are allowed (the outbound URL guard)', async () => {
      const strict = createTestApp(t.db, { config: testConfig({ APP_URL: appUrl }) });
      const c = new TestClient(strict.app, '198.51.100.250');
      await c.login(`admin@${DOMAIN_B}`);
      const res = await c.request(
        'PUT',
        '/api/v1/account/sso',
        settingsBody({ allowed_domains: [DOMAIN_B] }),
      );
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('URL_NOT_ALLOWED');
    });

    it('refuses a domain another account holds with a 409 that does not say which account', async () => {
      const res = await adminB.request(
        'PUT',
        '/api/v1/account/sso',
        settingsBody({ allowed_domains: [DOMAIN_B, DOMAIN_A] }),
      );
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('SSO_DOMAIN_TAKEN');
      expect(res.text).not.toContain(a.accountId);
      expect(res.text).not.toContain('Alpha');
      // Nothing of the refused save was kept: B still has its own earlier settings only.
      const mine = await adminB.get('/api/v1/account/sso');
      expect(mine.body.allowed_domains).toEqual([DOMAIN_B]);
      expect(mine.body.enabled).toBe(false);
    });

    it('cross-tenant: another account’s admin reads and changes only their own settings', async () => {
      const read = await adminB.get('/api/v1/account/sso');
      expect(read.status).toBe(200);
      expect(read.text).not.toContain(DOMAIN_A);
      expect(read.body.client_id).toBe(idp.clientId); // B's own save above, not A's row
      await adminB.request(
        'PUT',
        '/api/v1/account/sso',
        settingsBody({ allowed_domains: [DOMAIN_B], enabled: false, client_id: 'b-client' }),
      );
      const mine = await adminA.get('/api/v1/account/sso');
      expect(mine.body).toMatchObject({
        client_id: idp.clientId,
        allowed_domains: [DOMAIN_A],
        enabled: true,
      });
    });
  });

  describe('sign-in', () => {
    it('an unknown domain answers a typed 404 that names no account', async () => {
      const { res, body } = await start(`someone@unknown-${tag}.example`);
      expect(res.status).toBe(404);
      expect(body.code).toBe('SSO_DOMAIN_UNKNOWN');
      // B's domain exists but SSO is off there: the same answer.
      const off = await start(`admin@${DOMAIN_B}`);
      expect(off.res.status).toBe(404);
    });

    it('sends the browser to the provider with PKCE S256, state and nonce, and a short-lived HttpOnly binding cookie', async () => {
      const { res, body } = await start(`tech@${DOMAIN_A}`);
      expect(res.status).toBe(200);
      const url = new URL(body.redirect_url!);
      expect(url.origin).toBe(idp.issuer);
      expect(url.searchParams.get('code_challenge_method')).toBe('S256');
      expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(url.searchParams.get('state')).toBeTruthy();
      expect(url.searchParams.get('nonce')).toBeTruthy();
      expect(url.searchParams.get('redirect_uri')).toBe(`${appUrl}/api/v1/auth/sso/callback`);
      expect(url.searchParams.get('scope')).toBe('openid email profile');
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('rf_sso='))!;
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect(cookie).toMatch(/Max-Age=600/i);
    });

    it('signs in an existing member with the same session cookie as a password sign-in, and audits it', async () => {
      idp.addUser('tech-a', { email: `Tech@${DOMAIN_A}`, email_verified: true, name: 'Tech A' });
      const back = await fullSignIn(`tech@${DOMAIN_A}`, 'tech-a');
      expect(back.status, back.text).toBe(302);
      expect(back.location).toBe('/');
      expect(back.jar.get('rf_session')).toMatch(/^rfs_/);
      expect(back.jar.get('rf_sso')).toBeUndefined();
      const me = await meOf(back.jar);
      expect(me.status).toBe(200);
      expect(me.body.user).toMatchObject({ email: `tech@${DOMAIN_A}`, role: 'tech' });
      expect(await auditActions(a.accountId, a.tech)).toContain('auth.sso_sign_in');
    });

    it('creates a member with the default role on first sign-in', async () => {
      const email = `newcomer@${DOMAIN_A}`;
      idp.addUser('newcomer', { email, email_verified: true, name: 'New Comer' });
      expect(await userByEmail(email)).toBeUndefined();
      const back = await fullSignIn(email, 'newcomer');
      expect(back.location).toBe('/');
      const user = await userByEmail(email);
      expect(user).toMatchObject({ account_id: a.accountId, role: 'engineer', password_hash: null });
      expect(await auditActions(a.accountId, user!.id)).toEqual([
        'member.created_by_sso',
        'auth.sso_sign_in',
      ]);
      expect((await meOf(back.jar)).body.user.role).toBe('engineer');
    });

    it('refuses a wrong or missing state with a 400, creating nothing', async () => {
      const email = `state-${tag}@${DOMAIN_A}`;
      idp.addUser('state', { email, email_verified: true });
      const { body, jar } = await start(email);
      const back = await signInAtProvider(body.redirect_url!, 'state');
      const code = back.searchParams.get('code')!;
      const wrong = await callback(`/api/v1/auth/sso/callback?code=${code}&state=not-the-state`, jar);
      expect(wrong.status).toBe(400);
      expect(JSON.parse(wrong.text).code).toBe('SSO_STATE_INVALID');
      const missing = await callback(`/api/v1/auth/sso/callback?code=${code}`, jar);
      expect(missing.status).toBe(400);
      // The right state from another browser (no binding cookie) is refused too.
      const otherBrowser = await callback(`${back.pathname}${back.search}`, new CookieJar());
      expect(otherBrowser.status).toBe(400);
      expect(await userByEmail(email)).toBeUndefined();
      // The real callback still works once, and a replay of it is refused.
      const ok = await callback(`${back.pathname}${back.search}`, jar);
      expect(ok.location).toBe('/');
      const replay = await callback(`${back.pathname}${back.search}`, jar);
      expect(replay.status).toBe(400);
    });

    it('refuses an ID token whose nonce is not the one sent', async () => {
      const email = `nonce-${tag}@${DOMAIN_A}`;
      idp.addUser('nonce', { email, email_verified: true });
      const back = await fullSignIn(email, 'nonce', async () => {
        // The provider put the original nonce into the token; the app now expects another.
        await asSystem(t.db, 'seed', (q) =>
          q.query(`UPDATE sso_logins SET nonce = 'tampered' WHERE used_at IS NULL AND account_id = $1`, [
            a.accountId,
          ]),
        );
      });
      expect(back.status).toBe(302);
      expect(back.location).toBe('/login?sso_error=provider_error');
      expect(back.jar.get('rf_session')).toBeUndefined();
      expect(await userByEmail(email)).toBeUndefined();
    });

    it('refuses an email the provider has not verified', async () => {
      const email = `unverified-${tag}@${DOMAIN_A}`;
      idp.addUser('unverified', { email, email_verified: false });
      const back = await fullSignIn(email, 'unverified');
      expect(back.location).toBe('/login?sso_error=email_unverified');
      expect(back.jar.get('rf_session')).toBeUndefined();
      expect(await userByEmail(email)).toBeUndefined();
    });

    it('refuses an email whose domain the account does not allow', async () => {
      const email = `outsider@elsewhere-${tag}.example`;
      idp.addUser('outsider', { email, email_verified: true });
      // Started with a work email of A; the provider vouches for another domain.
      const back = await fullSignIn(`tech@${DOMAIN_A}`, 'outsider');
      expect(back.location).toBe('/login?sso_error=domain_not_allowed');
      expect(back.jar.get('rf_session')).toBeUndefined();
      expect(await userByEmail(email)).toBeUndefined();
    });

    it('refuses the email of another account’s user without saying so', async () => {
      idp.addUser('contractor', { email: b.strayEmail, email_verified: true });
      const back = await fullSignIn(b.strayEmail, 'contractor');
      expect(back.location).toBe('/login?sso_error=not_a_member');
      expect(back.jar.get('rf_session')).toBeUndefined();
      expect(await userByEmail(b.strayEmail)).toMatchObject({ account_id: b.accountId, role: 'tech' });
    });

    it('refuses a deactivated member', async () => {
      idp.addUser('gone', { email: `gone@${DOMAIN_A}`, email_verified: true });
      const back = await fullSignIn(`gone@${DOMAIN_A}`, 'gone');
      expect(back.location).toBe('/login?sso_error=member_inactive');
      expect(back.jar.get('rf_session')).toBeUndefined();
    });

    it('a provider that refuses (access_denied) lands on the login page, not an error', async () => {
      const { body, jar } = await start(`tech@${DOMAIN_A}`);
      const state = new URL(body.redirect_url!).searchParams.get('state')!;
      const back = await callback(
        `/api/v1/auth/sso/callback?error=access_denied&state=${encodeURIComponent(state)}&iss=${encodeURIComponent(idp.issuer)}`,
        jar,
      );
      expect(back.status).toBe(302);
      expect(back.location).toBe('/login?sso_error=provider_error');
    });
  });

  describe('SSO only', () => {
    it('refuses password sign-in and reset for members, but the owner keeps a password', async () => {
      const saved = await adminA.request('PUT', '/api/v1/account/sso', settingsBody({ sso_only: true }));
      expect(saved.status, saved.text).toBe(200);
      try {
        const tech = await client().post('/api/v1/auth/login', {
          email: `tech@${DOMAIN_A}`,
          password: TEST_PASSWORD,
        });
        expect(tech.status).toBe(403);
        expect(tech.body.code).toBe('SSO_REQUIRED');
        expect(tech.headers.get('set-cookie')).toBeNull();
        // A wrong password still answers as a wrong password: nothing is said before the password is right.
        const wrong = await client().post('/api/v1/auth/login', {
          email: `tech@${DOMAIN_A}`,
          password: 'nope-nope-1',
        });
        expect(wrong.status).toBe(401);
        const owner = await client().post('/api/v1/auth/login', {
          email: `owner@${DOMAIN_A}`,
          password: TEST_PASSWORD,
        });
        expect(owner.status).toBe(200);
        // A reset link does not turn into a password sign-in either, and the password stays as it was.
        const before = await userByEmail(`tech@${DOMAIN_A}`);
        const issued = await issuePasswordReset(
          t.db,
          { email: `tech@${DOMAIN_A}`, ip: '198.51.100.99' },
          appUrl,
          new Date(),
        );
        const token = issued!.url.split('/reset-password/')[1]!;
        const reset = await client().post('/api/v1/auth/password-reset/confirm', {
          token,
          password: 'a-brand-new-password',
        });
        expect(reset.status).toBe(403);
        expect(reset.body.code).toBe('SSO_REQUIRED');
        expect((await userByEmail(`tech@${DOMAIN_A}`))!.password_hash).toBe(before!.password_hash);
        // SSO itself still signs the member in.
        const back = await fullSignIn(`tech@${DOMAIN_A}`, 'tech-a');
        expect(back.location).toBe('/');
        // Other accounts are not affected.
        expect(
          (await client().post('/api/v1/auth/login', { email: b.strayEmail, password: TEST_PASSWORD }))
            .status,
        ).toBe(200);
      } finally {
        await adminA.request('PUT', '/api/v1/account/sso', settingsBody({ sso_only: false }));
      }
    });
  });
});
