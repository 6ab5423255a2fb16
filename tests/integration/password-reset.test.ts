import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../server/db/tenant';
import { hashSecret } from '../../server/lib/crypto';
import { passwordResetMailsSettled } from '../../server/modules/auth/password-reset.mail';
import {
  PASSWORD_RESET_LIMITS,
  PASSWORD_RESET_TTL_MINUTES,
} from '../../server/modules/auth/password-reset.service';
import { LOGIN_LIMITS } from '../../server/modules/auth/auth.service';
import { createTestApp, testConfig, type TestApp } from '../helpers/app';
import { TestClient } from '../helpers/test-client';
import { manualClock } from '../helpers/clock';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { createTestAccount, TEST_PASSWORD } from '../helpers/factories';
import { startSmtpCatcher, type SmtpCatcher } from '../helpers/smtp-catcher';

const NEW_PASSWORD = 'a-brand-new-password';
const LINK = /http:\/\/app\.test\/reset-password\/(rfr_[A-Za-z0-9_-]{43})/;

describe('password reset by email', () => {
  let t: TestDatabase;
  let smtp: SmtpCatcher;
  let app: TestApp['app'];
  const clock = manualClock(new Date('2031-03-01T09:00:00Z'));
  let ipCounter = 0;
  /** A client from its own address, so the per-address limit of one test never touches another. */
  const client = () => new TestClient(app, `198.51.100.${++ipCounter}`);

  beforeAll(async () => {
    t = await createTestDatabase();
    smtp = await startSmtpCatcher();
    app = createTestApp(t.db, { config: testConfig({ SMTP_URL: smtp.url }), clock: clock.now }).app;
  });
  afterAll(async () => {
    await passwordResetMailsSettled();
    await smtp.close();
    await t.drop();
  });

  /** Asks for a link for `email` and returns the token the real SMTP server received. */
  async function requestLink(email: string, c = client()) {
    const before = smtp.to([email]).length;
    const res = await c.post('/api/v1/auth/password-reset', { email });
    expect(res.status).toBe(202);
    await passwordResetMailsSettled();
    const mails = smtp.to([email]);
    expect(mails.length).toBe(before + 1);
    const mail = mails.at(-1)!;
    const token = LINK.exec(mail.text)?.[1];
    expect(token, mail.text).toBeDefined();
    expect(mail.html).toContain(`/reset-password/${token}`);
    return { token: token!, mail };
  }

  const loginStatus = async (email: string, password: string) =>
    (await client().post('/api/v1/auth/login', { email, password })).status;

  it('mails a single-use link through SMTP, stores only its hash, and the new password signs in', async () => {
    const acct = await createTestAccount(t.db, { tech: 'tech' });
    const { email, id } = acct.users.tech;
    const { token, mail } = await requestLink(email.toUpperCase());
    expect(mail.to).toEqual([email]);
    expect(mail.subject).toBe('Reset your ResolutionFlow password');
    expect(mail.text).toContain(`${PASSWORD_RESET_TTL_MINUTES} minutes`);

    const stored = await t.db.query<{ token_hash: string }>(
      'SELECT token_hash FROM password_resets WHERE user_id = $1',
      [id],
    );
    expect(stored.rows.map((r) => r.token_hash)).toEqual([hashSecret(token)]);
    const raw = await t.db.query(`SELECT 1 FROM password_resets WHERE token_hash = $1 OR requested_ip = $1`, [
      token,
    ]);
    expect(raw.rows).toHaveLength(0);

    const anon = client();
    const preview = await anon.get(`/api/v1/auth/password-reset/${token}`);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ email, account: { id: acct.accountId, name: 'Test MSP' } });

    const confirmed = await anon.post('/api/v1/auth/password-reset/confirm', {
      token,
      password: NEW_PASSWORD,
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.user).toMatchObject({ id, email, role: 'tech' });
    expect(confirmed.headers.get('set-cookie')).toMatch(/^rf_session=rfs_.*HttpOnly/);
    anon.csrf = confirmed.body.csrf_token;
    expect((await anon.get('/api/v1/me')).body.user.id).toBe(id);

    expect(await loginStatus(email, TEST_PASSWORD)).toBe(401);
    expect(await loginStatus(email, NEW_PASSWORD)).toBe(200);
  });

  it('the link is single use: a second confirmation and a later lookup are refused and change nothing', async () => {
    const acct = await createTestAccount(t.db, { tech: 'tech' });
    const { email } = acct.users.tech;
    const { token } = await requestLink(email);
    expect(
      (await client().post('/api/v1/auth/password-reset/confirm', { token, password: NEW_PASSWORD })).status,
    ).toBe(200);

    const again = await client().post('/api/v1/auth/password-reset/confirm', {
      token,
      password: 'attacker-password-1',
    });
    expect(again.status).toBe(410);
    expect(again.body.code).toBe('RESET_LINK_USED');
    expect(again.headers.get('set-cookie')).toBeNull();
    expect((await client().get(`/api/v1/auth/password-reset/${token}`)).status).toBe(410);
    expect(await loginStatus(email, 'attacker-password-1')).toBe(401);
    expect(await loginStatus(email, NEW_PASSWORD)).toBe(200);
  });

  it('two confirmations racing: exactly one changes the password', async () => {
    const acct = await createTestAccount(t.db, { tech: 'tech' });
    const { email } = acct.users.tech;
    const { token } = await requestLink(email);
    const results = await Promise.all(
      ['racing-password-one', 'racing-password-two'].map((password) =>
        client().post('/api/v1/auth/password-reset/confirm', { token, password }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 410]);
    const winner = results[0]!.status === 200 ? 'racing-password-one' : 'racing-password-two';
    const loser = winner === 'racing-password-one' ? 'racing-password-two' : 'racing-password-one';
    expect(await loginStatus(email, winner)).toBe(200);
    expect(await loginStatus(email, loser)).toBe(401);
  });

  it('expires after the TTL (injected clock): refused with 410 and the password stays', async () => {
    const acct = await createTestAccount(t.db, { tech: 'tech' });
    const { email } = acct.users.tech;
    const { token } = await requestLink(email);
    const start = clock.now().getTime();
    try {
      clock.advance(PASSWORD_RESET_TTL_MINUTES * 60_000 - 1000);
      expect((await client().get(`/api/v1/auth/password-reset/${token}`)).status).toBe(200);
      clock.advance(1000);
      const lookup = await client().get(`/api/v1/auth/password-reset/${token}`);
      expect(lookup.status).toBe(410);
      expect(lookup.body.code).toBe('RESET_LINK_EXPIRED');
      const late = await client().post('/api/v1/auth/password-reset/confirm', {
        token,
        password: NEW_PASSWORD,
      });
      expect(late.status).toBe(410);
      expect(late.body.code).toBe('RESET_LINK_EXPIRED');
      expect(late.body.message).toMatch(/expired/);
    } finally {
      clock.advance(start - clock.now().getTime());
    }
    expect(await loginStatus(email, TEST_PASSWORD)).toBe(200);
    expect(await loginStatus(email, NEW_PASSWORD)).toBe(401);
  });

  it('wrong, malformed and foreign-looking tokens get a clear 4xx, never a 5xx', async () => {
    const acct = await createTestAccount(t.db, { tech: 'tech' });
    const { token } = await requestLink(acct.users.tech.email);
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    for (const wrong of [
      flipped,
      'rfr_unknown',
      'rfi_an-invite-token',
      'rfs_a-session-token',
      hashSecret(token),
      '%00',
      'x'.repeat(200),
    ]) {
      const res = await client().post('/api/v1/auth/password-reset/confirm', {
        token: wrong,
        password: NEW_PASSWORD,
      });
      expect(res.status, wrong).toBe(404);
      expect(res.body.code).toBe('RESET_LINK_INVALID');
      expect(
        (await client().get(`/api/v1/auth/password-reset/${encodeURIComponent(wrong)}`)).status,
        wrong,
      ).toBe(404);
    }
    expect(
      (
        await client().post('/api/v1/auth/password-reset/confirm', {
          token: 'x'.repeat(201),
          password: NEW_PASSWORD,
        })
      ).status,
    ).toBe(400);
    expect((await client().post('/api/v1/auth/password-reset/confirm', { token })).status).toBe(400);
    // The same password rules as invites; a refused password leaves the link usable.
    const short = await client().post('/api/v1/auth/password-reset/confirm', { token, password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.message).toMatch(/at least 10 characters/);
    expect((await client().get(`/api/v1/auth/password-reset/${token}`)).status).toBe(200);
  });

  it('revokes every session the user held, and a newer link replaces the older one', async () => {
    const acct = await createTestAccount(t.db, { tech: 'tech' });
    const { email } = acct.users.tech;
    const laptop = client();
    await laptop.login(email);
    const phone = client();
    await phone.login(email);
    const first = await requestLink(email);
    const second = await requestLink(email);
    expect(second.token).not.toBe(first.token);

    const old = await client().post('/api/v1/auth/password-reset/confirm', {
      token: first.token,
      password: NEW_PASSWORD,
    });
    expect(old.status).toBe(410);
    expect(old.body.code).toBe('RESET_LINK_REPLACED');
    expect((await laptop.get('/api/v1/me')).status).toBe(200);

    const ok = await phone.post('/api/v1/auth/password-reset/confirm', {
      token: second.token,
      password: NEW_PASSWORD,
    });
    expect(ok.status).toBe(200);
    expect((await laptop.get('/api/v1/me')).status).toBe(401);
    // The browser that reset the password holds a fresh session; the cookie it had before is dead.
    phone.csrf = ok.body.csrf_token;
    expect((await phone.get('/api/v1/me')).status).toBe(200);
    const sessions = await t.db.query<{ live: number }>(
      `SELECT count(*)::int AS live FROM auth_sessions WHERE user_id = $1 AND revoked_at IS NULL`,
      [acct.users.tech.id],
    );
    expect(sessions.rows[0]!.live).toBe(1);
  });

  it('revokes the user’s personal API tokens, and only theirs', async () => {
    const acct = await createTestAccount(t.db, { tech: 'tech', other: 'tech' });
    const tech = client();
    await tech.login(acct.users.tech.email);
    const mine = await tech.post('/api/v1/tokens', { name: 'script' });
    expect(mine.status).toBe(201);
    const other = client();
    await other.login(acct.users.other.email);
    const theirs = await other.post('/api/v1/tokens', { name: 'theirs' });
    const script = client();
    script.bearer = mine.body.token;
    expect((await script.get('/api/v1/me')).status).toBe(200);

    const { token } = await requestLink(acct.users.tech.email);
    const ok = await client().post('/api/v1/auth/password-reset/confirm', { token, password: NEW_PASSWORD });
    expect(ok.status).toBe(200);

    expect((await script.get('/api/v1/me')).status).toBe(401);
    const live = await t.db.query<{ user_id: string }>(
      `SELECT user_id FROM api_tokens WHERE id = ANY($1) AND revoked_at IS NULL`,
      [[mine.body.id, theirs.body.id]],
    );
    expect(live.rows.map((r) => r.user_id)).toEqual([acct.users.other.id]);
  });

  it('never reveals whether an email exists: same status, body and headers, and no mail for unknown emails', async () => {
    const acct = await createTestAccount(t.db, { tech: 'tech' });
    const unknown = `nobody-${Date.now()}@example.test`;
    const shape = (r: { status: number; body: unknown; headers: Headers }) => ({
      status: r.status,
      body: r.body,
      headers: [...r.headers.entries()].filter(([k]) => k !== 'x-request-id'),
    });
    const known = await client().post('/api/v1/auth/password-reset', { email: acct.users.tech.email });
    const none = await client().post('/api/v1/auth/password-reset', { email: unknown });
    expect(known.status).toBe(202);
    expect(shape(none)).toEqual(shape(known));
    await passwordResetMailsSettled();
    expect(smtp.to([unknown])).toHaveLength(0);
    expect(smtp.to([acct.users.tech.email])).toHaveLength(1);
    // Malformed input is a 400 whatever the email, and changes nothing.
    expect((await client().post('/api/v1/auth/password-reset', { email: 'not-an-email' })).status).toBe(400);
  });

  it('deactivated users get no link, and a link sent before deactivation no longer works', async () => {
    const acct = await createTestAccount(t.db, { owner: 'owner', tech: 'tech', gone: 'tech' });
    const owner = client();
    await owner.login(acct.users.owner.email);
    const { token } = await requestLink(acct.users.tech.email);

    expect((await owner.patch(`/api/v1/members/${acct.users.gone.id}`, { is_active: false })).status).toBe(
      200,
    );
    expect((await owner.patch(`/api/v1/members/${acct.users.tech.id}`, { is_active: false })).status).toBe(
      200,
    );

    expect(
      (await client().post('/api/v1/auth/password-reset', { email: acct.users.gone.email })).status,
    ).toBe(202);
    await passwordResetMailsSettled();
    expect(smtp.to([acct.users.gone.email])).toHaveLength(0);
    const rows = await t.db.query('SELECT 1 FROM password_resets WHERE user_id = $1', [acct.users.gone.id]);
    expect(rows.rows).toHaveLength(0);

    const refused = await client().post('/api/v1/auth/password-reset/confirm', {
      token,
      password: NEW_PASSWORD,
    });
    expect(refused.status).toBe(410);
    expect(refused.body.code).toBe('USER_DEACTIVATED');
    const user = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM password_resets WHERE user_id = $1 AND used_at IS NOT NULL`,
      [acct.users.tech.id],
    );
    expect(user.rows[0]!.n).toBe(0);
  });

  it('rate-limits per email and per client address with 429 and Retry-After, for known and unknown emails alike', async () => {
    const acct = await createTestAccount(t.db, { tech: 'tech' });
    const unknown = `ghost-${Date.now()}@example.test`;
    for (const email of [acct.users.tech.email, unknown]) {
      for (let i = 0; i < PASSWORD_RESET_LIMITS.perEmail; i++) {
        expect((await client().post('/api/v1/auth/password-reset', { email })).status).toBe(202);
      }
      const limited = await client().post('/api/v1/auth/password-reset', { email });
      expect(limited.status).toBe(429);
      expect(limited.body.code).toBe('RATE_LIMITED');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    await passwordResetMailsSettled();
    expect(smtp.to([acct.users.tech.email])).toHaveLength(PASSWORD_RESET_LIMITS.perEmail);

    const oneAddress = client();
    for (let i = 0; i < PASSWORD_RESET_LIMITS.perIp; i++) {
      expect(
        (await oneAddress.post('/api/v1/auth/password-reset', { email: `spray-${i}@example.test` })).status,
      ).toBe(202);
    }
    expect(
      (await oneAddress.post('/api/v1/auth/password-reset', { email: 'spray-last@example.test' })).status,
    ).toBe(429);
    // The window passes: asking again works.
    const start = clock.now().getTime();
    clock.advance(PASSWORD_RESET_LIMITS.windowMinutes * 60_000 + 1000);
    try {
      expect(
        (await oneAddress.post('/api/v1/auth/password-reset', { email: 'spray-later@example.test' })).status,
      ).toBe(202);
    } finally {
      clock.advance(start - clock.now().getTime());
    }
  });

  it('links are tenant data under row-level security, and request counts are out of the app role’s reach', async () => {
    const mine = await createTestAccount(t.db, { tech: 'tech' });
    const theirs = await createTestAccount(t.db, { tech: 'tech' });
    await requestLink(mine.users.tech.email);
    await requestLink(theirs.users.tech.email);
    const visible = await withTenant(t.db, mine.accountId, (tx) =>
      tx.query<{ user_id: string }>('SELECT user_id FROM password_resets'),
    );
    expect(visible.rows.map((r) => r.user_id)).toEqual([mine.users.tech.id]);
    await expect(
      withTenant(t.db, mine.accountId, (tx) => tx.query('SELECT count(*) FROM password_reset_requests')),
    ).rejects.toThrow(/permission denied/);
  });

  it('a reset lifts a sign-in lockout of the email at an address (the user kept guessing their password)', async () => {
    const acct = await createTestAccount(t.db, { tech: 'tech' });
    const { email } = acct.users.tech;
    const guesser = client();
    const guesserLogin = async (password: string) =>
      (await guesser.post('/api/v1/auth/login', { email, password })).status;
    for (let i = 0; i < LOGIN_LIMITS.perPair; i++) await guesserLogin('guess-guess-guess');
    expect(await guesserLogin(TEST_PASSWORD)).toBe(429);
    const { token } = await requestLink(email);
    expect(
      (await client().post('/api/v1/auth/password-reset/confirm', { token, password: NEW_PASSWORD })).status,
    ).toBe(200);
    expect(await guesserLogin(NEW_PASSWORD)).toBe(200);
  });
});

describe('password reset without SMTP', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await passwordResetMailsSettled();
    await t.drop();
  });

  it('goes to the dev outbox of the user’s account, like every other mail', async () => {
    const app = createTestApp(t.db).app;
    const acct = await createTestAccount(t.db, { owner: 'owner' });
    expect(
      (await new TestClient(app).post('/api/v1/auth/password-reset', { email: acct.users.owner.email }))
        .status,
    ).toBe(202);
    await passwordResetMailsSettled();
    const owner = new TestClient(app);
    await owner.login(acct.users.owner.email);
    const outbox = await owner.get('/api/v1/dev/outbox');
    expect(outbox.status).toBe(200);
    const mail = JSON.stringify(outbox.body);
    expect(mail).toContain('Reset your ResolutionFlow password');
    const token = LINK.exec(mail)?.[1];
    expect(token).toBeDefined();
    expect((await new TestClient(app).get(`/api/v1/auth/password-reset/${token}`)).status).toBe(200);
  });

  it('shows a reset link to its recipient only: never to an admin, another owner or another member', async () => {
    const app = createTestApp(t.db).app;
    const acct = await createTestAccount(t.db, {
      owner: 'owner',
      owner2: 'owner',
      admin: 'admin',
      tech: 'tech',
      tech2: 'tech',
    });
    for (const email of [acct.users.owner.email, acct.users.tech.email]) {
      expect((await new TestClient(app).post('/api/v1/auth/password-reset', { email })).status).toBe(202);
    }
    await passwordResetMailsSettled();
    const outboxOf = async (who: keyof typeof acct.users) => {
      const c = new TestClient(app);
      await c.login(acct.users[who].email);
      const res = await c.get('/api/v1/dev/outbox');
      expect(res.status).toBe(200);
      const page = await c.get('/api/v1/dev/outbox/view');
      expect(page.status).toBe(200);
      return { json: JSON.stringify(res.body), items: res.body.items as { to: string }[], page: page.text };
    };

    // The recipients read their own link (a tech too: it is their mail), and nobody else's.
    for (const who of ['owner', 'tech'] as const) {
      const own = await outboxOf(who);
      expect(own.items.map((m) => m.to)).toEqual([acct.users[who].email]);
      expect(own.json).toMatch(LINK);
    }
    // Admins and the other owner see neither link, in the list or on the page; nor does another tech.
    for (const who of ['admin', 'owner2', 'tech2'] as const) {
      const other = await outboxOf(who);
      expect(other.items).toEqual([]);
      expect(other.json).not.toContain('reset-password');
      expect(other.page).not.toContain('reset-password');
    }
  });
});
