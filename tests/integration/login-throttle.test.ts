import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_LIMITS } from '../../server/modules/auth/login-throttle';
import { createTestApp, testConfig, type TestApp } from '../helpers/app';
import { manualClock } from '../helpers/clock';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { createTestAccount, TEST_PASSWORD } from '../helpers/factories';
import { listen } from '../helpers/http-server';
import { TestClient } from '../helpers/test-client';

/**
 * Sign-in throttling as the probe asked for it: failures lock an (email, address) pair, never the
 * email everywhere, so an attacker cannot keep the owner out; one address guessing many emails is
 * locked; failures for one email from many addresses only slow that email down. The address is the
 * socket peer unless it is a trusted proxy (TRUST_PROXY), whose X-Forwarded-For entry is then used.
 */
describe('login throttling per email and client address', () => {
  let t: TestDatabase;
  const clock = manualClock(new Date('2031-06-01T08:00:00Z'));
  let plain: TestApp['app'];
  let ipCounter = 0;
  const freshIp = () => `198.18.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;

  beforeAll(async () => {
    t = await createTestDatabase();
    plain = createTestApp(t.db, { clock: clock.now }).app;
  });
  afterAll(() => t.drop());

  type LoginOptions = { password?: string; forwardedFor?: string; app?: TestApp['app'] };
  function login(peer: string, email: string, o: LoginOptions = {}) {
    const headers: Record<string, string> = o.forwardedFor ? { 'x-forwarded-for': o.forwardedFor } : {};
    return new TestClient(o.app ?? plain, peer).request(
      'POST',
      '/api/v1/auth/login',
      {
        email,
        password: o.password ?? TEST_PASSWORD,
      },
      headers,
    );
  }
  const fail = (peer: string, email: string, o: LoginOptions = {}) =>
    login(peer, email, { ...o, password: 'wrong-password-guess' });

  it('an attacker at address A locks only (email, A): 429 with Retry-After and a typed code; the owner at B signs in', async () => {
    const acct = await createTestAccount(t.db, { owner: 'owner' });
    const email = acct.users.owner.email;
    const attacker = freshIp();
    for (let i = 0; i < LOGIN_LIMITS.perPair; i++) expect((await fail(attacker, email)).status).toBe(401);

    const locked = await login(attacker, email); // even the right password
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({
      code: 'RATE_LIMITED',
      details: { scope: 'email_and_address', retry_after_seconds: LOGIN_LIMITS.windowMinutes * 60 },
    });
    expect(locked.headers.get('retry-after')).toBe(String(LOGIN_LIMITS.windowMinutes * 60));
    expect(locked.headers.get('set-cookie')).toBeNull();

    // The owner, elsewhere, is not kept out.
    expect((await login(freshIp(), email)).status).toBe(200);

    // Retry-After counts down to when the oldest counted failure leaves the window.
    const start = clock.now().getTime();
    clock.advance(5 * 60_000);
    try {
      const later = await login(attacker, email);
      expect(later.status).toBe(429);
      expect(Number(later.headers.get('retry-after'))).toBe((LOGIN_LIMITS.windowMinutes - 5) * 60);
      clock.advance((LOGIN_LIMITS.windowMinutes - 5) * 60_000 + 1000);
      expect((await login(attacker, email)).status).toBe(200);
    } finally {
      clock.advance(start - clock.now().getTime());
    }
  });

  it('one address trying many emails is locked for every email once it reaches the per-address limit', async () => {
    const acct = await createTestAccount(t.db, { user: 'tech' });
    const sprayer = freshIp();
    for (let i = 0; i < LOGIN_LIMITS.perAddress; i++) {
      // Each email stays well under the pair limit.
      expect((await fail(sprayer, `spray-${i}-${sprayer}@example.test`)).status).toBe(401);
    }
    const locked = await login(sprayer, acct.users.user.email);
    expect(locked.status).toBe(429);
    expect(locked.body.details.scope).toBe('address');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // The user from another address is not affected.
    expect((await login(freshIp(), acct.users.user.email)).status).toBe(200);
  });

  it('failures for one email from many addresses never lock it: past the threshold every attempt is slowed down', async () => {
    const acct = await createTestAccount(t.db, { owner: 'owner' });
    const email = acct.users.owner.email;
    const timed = async (peer: string) => {
      const started = performance.now();
      const res = await login(peer, email);
      return { status: res.status, ms: performance.now() - started };
    };
    const before = await timed(freshIp());
    expect(before.status).toBe(200);
    for (let i = 0; i < LOGIN_LIMITS.perEmailSlowdown; i++) {
      expect((await fail(freshIp(), email)).status).toBe(401);
    }
    const after = await timed(freshIp());
    expect(after.status).toBe(200);
    expect(after.ms).toBeGreaterThanOrEqual(LOGIN_LIMITS.slowdownMs - 20);
    // The wrong password is slowed down the same way (no early answer tells the guess was wrong).
    const started = performance.now();
    expect((await fail(freshIp(), email)).status).toBe(401);
    expect(performance.now() - started).toBeGreaterThanOrEqual(LOGIN_LIMITS.slowdownMs - 20);
  });

  it('without TRUST_PROXY, X-Forwarded-For is ignored: a client cannot pick its address to dodge the limit', async () => {
    const acct = await createTestAccount(t.db, { user: 'tech' });
    const email = acct.users.user.email;
    const peer = freshIp();
    for (let i = 0; i < LOGIN_LIMITS.perPair; i++) {
      expect((await fail(peer, email, { forwardedFor: `203.0.113.${i + 1}` })).status).toBe(401);
    }
    expect((await login(peer, email, { forwardedFor: '203.0.113.200' })).status).toBe(429);
    const rows = await t.db.query<{ ip: string }>(
      `SELECT DISTINCT ip FROM login_attempts WHERE lower(email) = lower($1)`,
      [email],
    );
    expect(rows.rows.map((r) => r.ip)).toEqual([peer]);
  });

  describe('behind a trusted reverse proxy', () => {
    const proxy = '10.9.8.7';
    let proxied: TestApp['app'];
    beforeAll(() => {
      proxied = createTestApp(t.db, {
        clock: clock.now,
        config: testConfig({ TRUST_PROXY: '10.9.0.0/16, loopback' }),
      }).app;
    });

    it('each client behind the proxy has its own address: attacker A is locked, the owner at B is not', async () => {
      const acct = await createTestAccount(t.db, { owner: 'owner' });
      const email = acct.users.owner.email;
      const [a, b] = [freshIp(), freshIp()];
      for (let i = 0; i < LOGIN_LIMITS.perPair; i++) {
        expect((await fail(proxy, email, { app: proxied, forwardedFor: a })).status).toBe(401);
      }
      expect((await login(proxy, email, { app: proxied, forwardedFor: a })).status).toBe(429);
      const owner = await login(proxy, email, { app: proxied, forwardedFor: b });
      expect(owner.status).toBe(200);
      // The session records the client's address, not the proxy's.
      const session = await t.db.query<{ ip: string }>(
        `SELECT ip FROM auth_sessions WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1`,
        [acct.users.owner.id],
      );
      expect(session.rows[0]!.ip).toBe(b);
    });

    it('what the client wrote left of the proxy’s entry is not believed; an untrusted peer’s header is ignored', async () => {
      const acct = await createTestAccount(t.db, { user: 'tech' });
      const email = acct.users.user.email;
      const attacker = freshIp();
      // The attacker sends "X-Forwarded-For: <random>"; the proxy appends the attacker's real address.
      for (let i = 0; i < LOGIN_LIMITS.perPair; i++) {
        const spoofed = `192.0.2.${i + 1}, ${attacker}`;
        expect((await fail(proxy, email, { app: proxied, forwardedFor: spoofed })).status).toBe(401);
      }
      expect(
        (await login(proxy, email, { app: proxied, forwardedFor: `192.0.2.99, ${attacker}` })).status,
      ).toBe(429);
      // A peer outside TRUST_PROXY talking straight to the server: its header names nobody.
      const direct = freshIp();
      for (let i = 0; i < LOGIN_LIMITS.perPair; i++) {
        await fail(direct, email, { app: proxied, forwardedFor: `192.0.2.${100 + i}` });
      }
      expect((await login(direct, email, { app: proxied, forwardedFor: '192.0.2.250' })).status).toBe(429);
      const recorded = await t.db.query<{ ip: string }>(
        `SELECT DISTINCT ip FROM login_attempts WHERE lower(email) = lower($1) ORDER BY ip`,
        [email],
      );
      expect(recorded.rows.map((r) => r.ip).sort()).toEqual([attacker, direct].sort());
    });

    it('TRUST_PROXY as a hop count takes the address the nearest proxy saw, over a real socket', async () => {
      const acct = await createTestAccount(t.db, { user: 'tech' });
      const email = acct.users.user.email;
      const app = createTestApp(t.db, { clock: clock.now, config: testConfig({ TRUST_PROXY: '1' }) }).app;
      const server = await listen(app);
      try {
        const post = (forwardedFor: string, password: string) =>
          fetch(`${server.url}/api/v1/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
            body: JSON.stringify({ email, password }),
          });
        const attacker = freshIp();
        for (let i = 0; i < LOGIN_LIMITS.perPair; i++) {
          expect((await post(`6.6.6.${i}, ${attacker}`, 'wrong-password-guess')).status).toBe(401);
        }
        const locked = await post(attacker, TEST_PASSWORD);
        expect(locked.status).toBe(429);
        expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
        expect((await post(freshIp(), TEST_PASSWORD)).status).toBe(200);
      } finally {
        await server.close();
      }
    });
  });
});
