import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../server/db/tenant';
import { issuePasswordReset } from '../../server/modules/auth/password-reset.service';
import { MFA_CHALLENGE } from '../../server/modules/mfa/mfa-challenge';
import { MFA_USER_LIMIT } from '../../server/modules/mfa/second-factor';
import { createTestApp, type TestApp } from '../helpers/app';
import { manualClock, type ManualClock } from '../helpers/clock';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';
import { createTestAccount, TEST_PASSWORD, type TestUser } from '../helpers/factories';
import { addMember } from '../helpers/security/members';
import { TestClient } from '../helpers/test-client';

const STEP_MS = 30_000;

/** What an authenticator app shows at `at` for `secret` (SHA-1, 6 digits, 30 s). */
const codeAt = (secret: string, at: Date) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({
    timestamp: at.getTime(),
  });

describe(`two-factor sign-in with TOTP and recovery codes (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  let testApp: TestApp;
  let clock: ManualClock;
  let acct: Awaited<ReturnType<typeof createTestAccount<'owner' | 'admin' | 'tech'>>>;
  let ipCounter = 0;

  beforeAll(async () => {
    t = await createTestDatabase();
    // Ten seconds into a time step, so "±1 step" is unambiguous whatever the wall clock says.
    clock = manualClock(new Date(Math.floor(Date.now() / STEP_MS) * STEP_MS + 10_000));
    testApp = createTestApp(t.db, { clock: clock.now });
    acct = await createTestAccount(t.db, { owner: 'owner', admin: 'admin', tech: 'tech' });
  });
  afterAll(() => t.drop());

  const client = () => new TestClient(testApp.app, `198.51.100.${++ipCounter % 250}`);
  const member = (label: string) => addMember(t.db, acct.accountId, 'tech', label);

  async function signedIn(user: TestUser) {
    const c = client();
    const res = await c.login(user.email);
    expect(res.body.mfa_required).toBeUndefined();
    return c;
  }

  /** Enrols the signed-in client's user; moves the clock to the next step so sign-in codes are fresh. */
  async function enrol(c: TestClient) {
    const start = await c.post('/api/v1/me/mfa/totp');
    expect(start.status, start.text).toBe(200);
    const secret = start.body.secret as string;
    const confirm = await c.post('/api/v1/me/mfa/totp/confirm', { code: codeAt(secret, clock.now()) });
    expect(confirm.status, confirm.text).toBe(200);
    clock.advance(STEP_MS);
    return { secret, recoveryCodes: confirm.body.recovery_codes as string[] };
  }

  /** First step: the password; answers the mfa_token. */
  async function passwordStep(c: TestClient, user: TestUser) {
    const res = await c.post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ mfa_required: true, mfa_token: expect.stringMatching(/^rfm_/) });
    return res.body.mfa_token as string;
  }

  /** Second step; on success the client keeps the new session's CSRF token, as the web app does. */
  async function secondStep(c: TestClient, body: Record<string, string>) {
    const res = await c.post('/api/v1/auth/mfa', body);
    if (res.status === 200) c.csrf = res.body.csrf_token;
    return res;
  }

  const auditActions = (userId: string) =>
    withTenant(t.db, acct.accountId, async (tx) => {
      const { rows } = await tx.query<{ action: string }>(
        `SELECT action FROM audit_log WHERE account_id = $1 AND target_id = $2 ORDER BY id`,
        [acct.accountId, userId],
      );
      return rows.map((r) => r.action);
    });

  it('enrols: secret, otpauth URL and QR image; nothing changes until a code confirms it', async () => {
    const user = await member('enrolling');
    const c = await signedIn(user);
    const start = await c.post('/api/v1/me/mfa/totp');
    expect(start.status).toBe(200);
    expect(start.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(start.body.otpauth_url).toContain(`secret=${start.body.secret}`);
    expect(start.body.otpauth_url).toMatch(
      /^otpauth:\/\/totp\/ResolutionFlow:.*algorithm=SHA1&digits=6&period=30/,
    );
    expect(start.body.qr_data_url).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]{100,}/);

    // Not active yet: /me says so, and the password alone still signs in.
    expect((await c.get('/api/v1/me')).body.mfa).toMatchObject({ enabled: false });
    await signedIn(user);

    // The secret is stored sealed, never in clear.
    const stored = await withTenant(t.db, acct.accountId, async (tx) => {
      const { rows } = await tx.query<{ secret_sealed: string }>(
        `SELECT secret_sealed FROM mfa_totp WHERE account_id = $1 AND user_id = $2`,
        [acct.accountId, user.id],
      );
      return rows[0]!.secret_sealed;
    });
    expect(stored).toMatch(/^v1\./);
    expect(stored).not.toContain(start.body.secret);

    const wrong = await c.post('/api/v1/me/mfa/totp/confirm', {
      code: '000000' === codeAt(start.body.secret, clock.now()) ? '111111' : '000000',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('MFA_CODE_INVALID');
    expect((await c.post('/api/v1/me/mfa/totp/confirm', { code: 'abc' })).status).toBe(400);

    const confirm = await c.post('/api/v1/me/mfa/totp/confirm', {
      code: codeAt(start.body.secret, clock.now()),
    });
    expect(confirm.status, confirm.text).toBe(200);
    const codes = confirm.body.recovery_codes as string[];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}$/);

    const me = await c.get('/api/v1/me');
    expect(me.body.mfa).toMatchObject({ enabled: true, methods: ['totp'], recovery_codes_left: 10 });
    expect(me.body.mfa_enrolment_required).toBe(false);

    // Recovery codes are stored only as hashes.
    const hashes = await withTenant(t.db, acct.accountId, async (tx) => {
      const { rows } = await tx.query<{ code_hash: string }>(
        `SELECT code_hash FROM mfa_recovery_codes WHERE account_id = $1 AND user_id = $2`,
        [acct.accountId, user.id],
      );
      return rows.map((r) => r.code_hash);
    });
    expect(hashes).toHaveLength(10);
    for (const code of codes) {
      expect(hashes.join()).not.toContain(code.replace(/-/g, ''));
    }

    // A second enrolment while one is on is refused; the audit log has the enrolment.
    expect((await c.post('/api/v1/me/mfa/totp')).body.code).toBe('MFA_ALREADY_ENABLED');
    expect(await auditActions(user.id)).toContain('mfa.totp_enabled');
  });

  it('confirming before starting is a 409', async () => {
    const c = await signedIn(await member('unstarted'));
    const res = await c.post('/api/v1/me/mfa/totp/confirm', { code: '123456' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('MFA_ENROLMENT_NOT_STARTED');
  });

  it('signs in in two steps: no cookie after the password, a session after the code', async () => {
    const user = await member('twostep');
    const { secret } = await enrol(await signedIn(user));

    const c = client();
    const first = await c.post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ mfa_required: true, methods: ['totp', 'recovery_code'] });
    expect(first.body.user).toBeUndefined();
    expect(first.body.csrf_token).toBeUndefined();
    expect(first.headers.get('set-cookie')).toBeNull();
    expect(new Date(first.body.expires_at).getTime() - clock.now().getTime()).toBe(
      MFA_CHALLENGE.ttlMinutes * 60_000,
    );
    expect((await c.get('/api/v1/me')).status).toBe(401);

    const second = await secondStep(c, {
      mfa_token: first.body.mfa_token,
      code: codeAt(secret, clock.now()),
    });
    expect(second.status, second.text).toBe(200);
    expect(second.body).toMatchObject({ user: { id: user.id }, account: { id: acct.accountId } });
    const cookie = second.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^rf_session=rfs_/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    c.csrf = second.body.csrf_token;
    expect((await c.get('/api/v1/me')).body.user.id).toBe(user.id);
    expect((await c.get('/api/v1/sessions')).status).toBe(200);
  });

  it('accepts a code one step early or late, refuses two steps off', async () => {
    const user = await member('skew');
    const { secret } = await enrol(await signedIn(user));
    clock.advance(STEP_MS); // so the step before now was not the one enrolment used
    const now = clock.now().getTime();
    const at = (steps: number) => codeAt(secret, new Date(now + steps * STEP_MS));
    const c = client();
    for (const steps of [-2, 2]) {
      const res = await secondStep(c, { mfa_token: await passwordStep(c, user), code: at(steps) });
      expect(res.status, `${steps} steps`).toBe(401);
      expect(res.body.code).toBe('MFA_CODE_INVALID');
    }
    // In increasing order: each accepted step must be later than the last one used.
    for (const steps of [-1, 0, 1]) {
      const res = await secondStep(c, { mfa_token: await passwordStep(c, user), code: at(steps) });
      expect(res.status, `${steps} steps: ${res.text}`).toBe(200);
    }
  });

  it('refuses a code used before (replay), even within its 30 seconds', async () => {
    const user = await member('replay');
    const { secret } = await enrol(await signedIn(user));
    const c = client();
    const code = codeAt(secret, clock.now());
    expect((await secondStep(c, { mfa_token: await passwordStep(c, user), code })).status).toBe(200);
    const again = await secondStep(c, { mfa_token: await passwordStep(c, user), code });
    expect(again.status).toBe(401);
    expect(again.body).toMatchObject({
      code: 'MFA_CODE_INVALID',
      message: expect.stringMatching(/already used/),
    });
    // An earlier step's code, still inside the window, is refused too once a later one was used.
    const earlier = codeAt(secret, new Date(clock.now().getTime() - STEP_MS));
    expect((await secondStep(c, { mfa_token: await passwordStep(c, user), code: earlier })).status).toBe(401);
    // The next step's code works.
    clock.advance(STEP_MS);
    const next = codeAt(secret, clock.now());
    expect((await secondStep(c, { mfa_token: await passwordStep(c, user), code: next })).status).toBe(200);
  });

  it('a recovery code signs in once, in either field and however it is typed', async () => {
    const user = await member('recovery');
    const { recoveryCodes } = await enrol(await signedIn(user));
    const c = client();
    const [first, second] = recoveryCodes;
    const ok = await secondStep(c, { mfa_token: await passwordStep(c, user), recovery_code: first! });
    expect(ok.status, ok.text).toBe(200);
    const reuse = await secondStep(c, { mfa_token: await passwordStep(c, user), recovery_code: first! });
    expect(reuse.status).toBe(401);
    expect(reuse.body.code).toBe('MFA_CODE_INVALID');
    // In the `code` field, upper case with spaces instead of dashes.
    const typed = second!.toUpperCase().replace(/-/g, ' ');
    expect((await secondStep(c, { mfa_token: await passwordStep(c, user), code: typed })).status).toBe(200);

    c.csrf = (await c.get('/api/v1/me')).body.csrf_token;
    expect((await c.get('/api/v1/me')).body.mfa.recovery_codes_left).toBe(8);
    const actions = await auditActions(user.id);
    expect(actions.filter((a) => a === 'mfa.recovery_code_used')).toHaveLength(2);
  });

  it('limits guessing: five wrong codes spend the token, ten per user lock for a while', async () => {
    const user = await member('brute');
    const { secret } = await enrol(await signedIn(user));
    const c = client();
    const wrong = (token: string, n: number) =>
      secondStep(c, {
        mfa_token: token,
        code: String(100000 + n) === codeAt(secret, clock.now()) ? '999999' : String(100000 + n),
      });

    const token = await passwordStep(c, user);
    for (let i = 1; i < MFA_CHALLENGE.failuresPerToken; i++) {
      expect((await wrong(token, i)).status).toBe(401);
    }
    const fifth = await wrong(token, 5);
    expect(fifth.status).toBe(429);
    expect(fifth.body.code).toBe('MFA_TOO_MANY_ATTEMPTS');
    // The token is dead: even the right code is refused with it.
    const dead = await secondStep(c, { mfa_token: token, code: codeAt(secret, clock.now()) });
    expect(dead.status).toBe(429);
    expect(dead.body.code).toBe('MFA_TOO_MANY_ATTEMPTS');

    // A fresh token: five more wrong codes reach the per-user limit of ten.
    const token2 = await passwordStep(c, user);
    for (let i = 6; i <= MFA_USER_LIMIT.failures; i++) await wrong(token2, i);
    const token3 = await passwordStep(c, user);
    const locked = await secondStep(c, { mfa_token: token3, code: codeAt(secret, clock.now()) });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('MFA_TOO_MANY_ATTEMPTS');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Signed-in routes that take a code share the limit.
    const other = await signedIn(user).catch(() => null);
    expect(other).toBeNull(); // the password alone does not sign in

    clock.advance(MFA_USER_LIMIT.windowMinutes * 60_000 + STEP_MS);
    const later = await secondStep(c, {
      mfa_token: await passwordStep(c, user),
      code: codeAt(secret, clock.now()),
    });
    expect(later.status, later.text).toBe(200);
  });

  it('an mfa_token is single use, expires after five minutes, and is never guessable', async () => {
    const user = await member('token');
    const { secret } = await enrol(await signedIn(user));
    const c = client();
    const token = await passwordStep(c, user);
    expect((await secondStep(c, { mfa_token: token, code: codeAt(secret, clock.now()) })).status).toBe(200);
    clock.advance(STEP_MS);
    const reuse = await secondStep(c, { mfa_token: token, code: codeAt(secret, clock.now()) });
    expect(reuse.status).toBe(401);
    expect(reuse.body.code).toBe('MFA_TOKEN_INVALID');

    const late = await passwordStep(c, user);
    clock.advance(MFA_CHALLENGE.ttlMinutes * 60_000 + 1000);
    const expired = await secondStep(c, { mfa_token: late, code: codeAt(secret, clock.now()) });
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('MFA_TOKEN_INVALID');

    for (const bogus of ['rfm_' + 'A'.repeat(43), 'not-a-token']) {
      const res = await secondStep(c, { mfa_token: bogus, code: '123456' });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('MFA_TOKEN_INVALID');
    }
    // Only hashes are stored.
    const stored = await withTenant(t.db, acct.accountId, async (tx) => {
      const { rows } = await tx.query<{ token_hash: string }>(
        `SELECT token_hash FROM mfa_challenges WHERE account_id = $1 AND user_id = $2`,
        [acct.accountId, user.id],
      );
      return rows.map((r) => r.token_hash);
    });
    expect(stored.join()).not.toContain(token.slice(4));
    // Bad bodies are 400s with a reason.
    for (const body of [{}, { mfa_token: token }, { mfa_token: token, code: '1', recovery_code: '2' }]) {
      const res = await c.post('/api/v1/auth/mfa', body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_ERROR');
    }
  });

  it('turns off with a code, renews recovery codes with a code; password reset keeps MFA on', async () => {
    const user = await member('disable');
    const c = await signedIn(user);
    const { secret, recoveryCodes } = await enrol(c);

    const wrongDisable = await c.request('DELETE', '/api/v1/me/mfa/totp', {
      code: '000000' === codeAt(secret, clock.now()) ? '111111' : '000000',
    });
    expect(wrongDisable.status).toBe(400);
    expect(wrongDisable.body.code).toBe('MFA_CODE_INVALID');
    expect((await c.request('DELETE', '/api/v1/me/mfa/totp', {})).status).toBe(400);

    const renewed = await c.post('/api/v1/me/mfa/recovery-codes', { code: codeAt(secret, clock.now()) });
    expect(renewed.status, renewed.text).toBe(200);
    expect(renewed.body.recovery_codes).toHaveLength(10);
    // The old codes no longer work.
    const old = await c.request('DELETE', '/api/v1/me/mfa/totp', { recovery_code: recoveryCodes[0] });
    expect(old.status).toBe(400);

    // A password reset leaves MFA on and asks for the second step instead of signing in.
    const issued = await issuePasswordReset(
      t.db,
      { email: user.email, ip: '198.51.100.9' },
      'http://app.test',
      clock.now(),
    );
    const resetToken = issued!.url.split('/reset-password/')[1]!;
    const reset = await client().post('/api/v1/auth/password-reset/confirm', {
      token: resetToken,
      password: TEST_PASSWORD,
    });
    expect(reset.status, reset.text).toBe(200);
    expect(reset.body).toMatchObject({ mfa_required: true, mfa_token: expect.stringMatching(/^rfm_/) });
    expect(reset.headers.get('set-cookie')).toBeNull();

    // The reset ended the sessions; sign in again in two steps, then turn MFA off with a recovery code.
    clock.advance(STEP_MS);
    const again = client();
    const signed = await secondStep(again, {
      mfa_token: await passwordStep(again, user),
      code: codeAt(secret, clock.now()),
    });
    expect(signed.status).toBe(200);
    again.csrf = signed.body.csrf_token;
    const off = await again.request('DELETE', '/api/v1/me/mfa/totp', {
      code: renewed.body.recovery_codes[3],
    });
    expect(off.status, off.text).toBe(204);
    expect((await again.get('/api/v1/me')).body.mfa).toMatchObject({
      enabled: false,
      recovery_codes_left: 0,
    });
    await signedIn(user);
    expect((await again.post('/api/v1/me/mfa/recovery-codes', { code: '123456' })).body.code).toBe(
      'MFA_NOT_ENABLED',
    );
    const actions = await auditActions(user.id);
    expect(actions).toEqual(
      expect.arrayContaining(['mfa.totp_enabled', 'mfa.recovery_codes_regenerated', 'mfa.totp_disabled']),
    );
  });

  it('keeps CSRF and session rules: no change without the CSRF header, none with an API token', async () => {
    const user = await member('csrf');
    const c = await signedIn(user);
    const noCsrf = await c.request('POST', '/api/v1/me/mfa/totp', {}, { 'x-csrf-token': 'wrong' });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.code).toBe('CSRF_TOKEN_INVALID');
    const token = (await c.post('/api/v1/tokens', { name: 'script' })).body.token as string;
    const bearer = client();
    bearer.bearer = token;
    const viaToken = await bearer.post('/api/v1/me/mfa/totp');
    expect(viaToken.status).toBe(403);
    expect(viaToken.body.code).toBe('SESSION_REQUIRED');
    expect((await client().post('/api/v1/me/mfa/totp')).status).toBe(401);
  });

  describe('an account that requires MFA', () => {
    let other: Awaited<ReturnType<typeof createTestAccount<'owner'>>>;

    it('can only be switched on by an admin who has MFA', async () => {
      other = await createTestAccount(t.db, { owner: 'owner' }, 'Other MSP');
      const admin = await signedIn(acct.users.admin);
      const off = await admin.patch('/api/v1/account/settings', { require_mfa: true });
      expect(off.status).toBe(409);
      expect(off.body.code).toBe('MFA_NOT_ENABLED');
      const tech = await signedIn(acct.users.tech);
      expect((await tech.patch('/api/v1/account/settings', { require_mfa: false })).status).toBe(403);
      expect((await tech.get('/api/v1/account/settings')).status).toBe(403);

      await enrol(admin);
      const on = await admin.patch('/api/v1/account/settings', { require_mfa: true });
      expect(on.status, on.text).toBe(200);
      expect(on.body).toEqual({ require_mfa: true });
      expect((await admin.get('/api/v1/account/settings')).body).toEqual({ require_mfa: true });
      expect((await admin.patch('/api/v1/account/settings', { require_mfa: 'yes' })).status).toBe(400);
    });

    it('walks a member without MFA through enrolment; everything else is a 403 until then', async () => {
      const user = await member('walkthrough');
      const c = client();
      const login = await c.login(user.email);
      expect(login.body).toMatchObject({ user: { id: user.id }, mfa_enrolment_required: true });
      expect(login.headers.get('set-cookie')).toMatch(/^rf_session=rfs_/);

      const me = await c.get('/api/v1/me');
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({
        mfa_enrolment_required: true,
        mfa: { enabled: false, account_requires_mfa: true },
      });
      for (const [method, path, body] of [
        ['GET', '/api/v1/sessions', undefined],
        ['GET', '/api/v1/members', undefined],
        ['POST', '/api/v1/tokens', { name: 'sneaky' }],
        ['GET', '/api/v1/notifications', undefined],
      ] as const) {
        const res = await c.request(method, path, body);
        expect(res.status, `${method} ${path}`).toBe(403);
        expect(res.body.code).toBe('MFA_ENROLMENT_REQUIRED');
      }

      const { secret } = await enrol(c);
      expect(secret).toBeTruthy();
      expect((await c.get('/api/v1/sessions')).status).toBe(200);
      expect((await c.get('/api/v1/me')).body.mfa_enrolment_required).toBe(false);

      // Next sign-in is the normal two-step one.
      const next = client();
      expect(
        (await next.post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD })).body
          .mfa_required,
      ).toBe(true);
    });

    it('restricts sessions and API tokens already open when the setting is turned on; sign-out still works', async () => {
      // A member of the first account with a token made before... the account already requires MFA,
      // so use the second account: turn it on there while its member is signed in.
      const owner = await signedIn(other.users.owner);
      const tech = await addMember(t.db, other.accountId, 'tech', 'already-in');
      const techClient = await signedIn(tech);
      const apiToken = (await techClient.post('/api/v1/tokens', { name: 'cron' })).body.token as string;
      expect((await techClient.get('/api/v1/sessions')).status).toBe(200);

      await enrol(owner);
      expect((await owner.patch('/api/v1/account/settings', { require_mfa: true })).status).toBe(200);
      expect((await techClient.get('/api/v1/sessions')).body.code).toBe('MFA_ENROLMENT_REQUIRED');
      const bearer = client();
      bearer.bearer = apiToken;
      expect((await bearer.get('/api/v1/sessions')).body.code).toBe('MFA_ENROLMENT_REQUIRED');
      expect((await techClient.post('/api/v1/auth/logout')).status).toBe(204);
      expect((await techClient.get('/api/v1/me')).status).toBe(401);

      // Turning it off again frees them.
      expect((await owner.patch('/api/v1/account/settings', { require_mfa: false })).status).toBe(200);
      expect((await bearer.get('/api/v1/sessions')).status).toBe(200);
    });

    it('a second tenant sees none of it: its settings, factors and audit rows stay its own', async () => {
      const otherOwner = client();
      // The other owner has MFA now: sign in in two steps.
      const token = await passwordStep(otherOwner, other.users.owner);
      expect(token).toMatch(/^rfm_/);
      const rows = await withTenant(t.db, other.accountId, async (tx) => {
        const count = async (table: string) =>
          (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
        return {
          totp: await count('mfa_totp'),
          codes: await count('mfa_recovery_codes'),
          challenges: await count('mfa_challenges'),
          foreign: (await tx.query(`SELECT 1 FROM mfa_totp WHERE account_id = $1`, [acct.accountId])).rows
            .length,
        };
      });
      // Only the other owner's own rows are visible inside that tenant.
      expect(rows).toEqual({ totp: 1, codes: 10, challenges: 1, foreign: 0 });
      // An mfa_token of the first account proves nothing about the second account's users.
      const otherAdmin = await signedIn(acct.users.admin).catch(() => null);
      expect(otherAdmin).toBeNull(); // the first account's admin has MFA on
      const settings = await withTenant(t.db, other.accountId, async (tx) => {
        const { rows: r } = await tx.query<{ id: string }>(`SELECT id FROM accounts`);
        return r.map((x) => x.id);
      });
      expect(settings).toEqual([other.accountId]);
      // The per-user count of wrong codes is not tenant data: the application role cannot read it.
      await expect(
        withTenant(t.db, other.accountId, (tx) => tx.query(`SELECT count(*) FROM mfa_failures`)),
      ).rejects.toThrow(/permission denied/);
    });
  });
});
