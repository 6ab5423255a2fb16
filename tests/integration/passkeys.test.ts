import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../server/db/tenant';
import { MFA_CHALLENGE } from '../../server/modules/mfa/mfa-challenge';
import { createTestApp, type TestApp } from '../helpers/app';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';
import { createTestAccount, TEST_PASSWORD, type TestUser } from '../helpers/factories';
import { addMember } from '../helpers/security/members';
import { SoftAuthenticator } from '../helpers/security/passkey';
import { TestClient } from '../helpers/test-client';

/** The test app's APP_URL (tests/helpers/app.ts): the relying party is app.test. */
const ORIGIN = 'http://app.test';

describe(`passkeys as a second factor (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  let testApp: TestApp;
  let acct: Awaited<ReturnType<typeof createTestAccount<'owner' | 'tech'>>>;
  let other: Awaited<ReturnType<typeof createTestAccount<'owner'>>>;
  let ip = 0;

  beforeAll(async () => {
    t = await createTestDatabase();
    testApp = createTestApp(t.db);
    acct = await createTestAccount(t.db, { owner: 'owner', tech: 'tech' });
    other = await createTestAccount(t.db, { owner: 'owner' }, 'Other MSP');
  });
  afterAll(() => t.drop());

  const client = () => new TestClient(testApp.app, `203.0.113.${++ip % 250}`);
  const member = (label: string, accountId = acct.accountId) => addMember(t.db, accountId, 'tech', label);

  async function signedIn(user: TestUser) {
    const c = client();
    const res = await c.login(user.email);
    expect(res.body.mfa_required).toBeUndefined();
    return c;
  }

  async function register(c: TestClient, key: SoftAuthenticator, name = 'Laptop') {
    const options = await c.post('/api/v1/me/mfa/passkeys/options');
    expect(options.status, options.text).toBe(200);
    return c.post('/api/v1/me/mfa/passkeys', { name, response: key.register(options.body) });
  }

  async function passwordStep(c: TestClient, user: TestUser) {
    const res = await c.post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD });
    expect(res.status, res.text).toBe(200);
    expect(res.body.mfa_required).toBe(true);
    return res.body as { mfa_token: string; methods: string[] };
  }

  const passkeyCount = async (userId: string, accountId = acct.accountId) =>
    withTenant(t.db, accountId, async (tx) => {
      const { rows } = await tx.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM mfa_passkeys WHERE user_id = $1`,
        [userId],
      );
      return rows[0]!.n;
    });

  const auditActions = (userId: string) =>
    withTenant(t.db, acct.accountId, async (tx) => {
      const { rows } = await tx.query<{ action: string }>(
        `SELECT action FROM audit_log WHERE account_id = $1 AND target_id = $2 ORDER BY id`,
        [acct.accountId, userId],
      );
      return rows.map((r) => r.action);
    });

  it('registers a passkey, turns MFA on with recovery codes, and signs in with it', async () => {
    const user = await member('happy');
    const c = await signedIn(user);
    const key = new SoftAuthenticator(ORIGIN);

    const options = await c.post('/api/v1/me/mfa/passkeys/options');
    expect(options.body.rp).toEqual({ id: 'app.test', name: 'ResolutionFlow' });
    const added = await c.post('/api/v1/me/mfa/passkeys', {
      name: 'Laptop',
      response: key.register(options.body),
    });
    expect(added.status, added.text).toBe(201);
    expect(added.body.passkey).toMatchObject({ name: 'Laptop', last_used_at: null });
    expect(added.body.recovery_codes).toHaveLength(10);

    const listed = await c.get('/api/v1/me/mfa/passkeys');
    expect(listed.body.passkeys).toEqual([added.body.passkey]);
    expect((await c.get('/api/v1/me')).body.mfa).toMatchObject({ enabled: true, methods: ['passkey'] });

    // A second passkey: no new recovery codes (the user has them already).
    const second = await register(c, new SoftAuthenticator(ORIGIN), 'Phone');
    expect(second.status, second.text).toBe(201);
    expect(second.body.recovery_codes).toBeUndefined();

    // Sign-in: the password step offers the passkey; its answer opens the session.
    const b = client();
    const step = await passwordStep(b, user);
    expect(step.methods).toEqual(['passkey', 'recovery_code']);
    const authOptions = await b.post('/api/v1/auth/mfa/passkey/options', { mfa_token: step.mfa_token });
    expect(authOptions.status, authOptions.text).toBe(200);
    expect(authOptions.body.allowCredentials.map((c: { id: string }) => c.id).sort()).toHaveLength(2);
    const done = await b.post('/api/v1/auth/mfa', {
      mfa_token: step.mfa_token,
      passkey: key.authenticate(authOptions.body),
    });
    expect(done.status, done.text).toBe(200);
    expect(done.body.user.id).toBe(user.id);
    b.csrf = done.body.csrf_token;
    expect((await b.get('/api/v1/me')).status).toBe(200);
    const after = (await c.get('/api/v1/me/mfa/passkeys')).body.passkeys;
    expect(after.find((p: { name: string }) => p.name === 'Laptop').last_used_at).not.toBeNull();
    expect(await auditActions(user.id)).toEqual([
      'mfa.passkey_added',
      'mfa.passkey_added',
      'mfa.passkey_used',
    ]);
  });

  it('refuses a bad registration answer with 400 and stores nothing; each challenge answers once', async () => {
    const user = await member('bad-register');
    const c = await signedIn(user);
    const key = new SoftAuthenticator(ORIGIN);

    // No options asked: nothing to answer.
    const orphan = await c.post('/api/v1/me/mfa/passkeys', {
      name: 'Key',
      response: key.register({ challenge: 'AAAA' }),
    });
    expect(orphan.status).toBe(400);
    expect(orphan.body.code).toBe('PASSKEY_INVALID');

    // Made for another site.
    const options = (await c.post('/api/v1/me/mfa/passkeys/options')).body;
    const phishing = await c.post('/api/v1/me/mfa/passkeys', {
      name: 'Key',
      response: new SoftAuthenticator('https://evil.test').register(options),
    });
    expect(phishing.status).toBe(400);
    expect(phishing.body).toMatchObject({
      code: 'PASSKEY_INVALID',
      message: expect.stringMatching(/site|request/),
    });
    // A refused answer changes nothing (like any 4xx): the challenge is spent only by a right answer.
    expect(await passkeyCount(user.id)).toBe(0);

    // A broken body is refused by the schema.
    const broken = await c.post('/api/v1/me/mfa/passkeys', { name: 'Key', response: { id: 'x' } });
    expect(broken.status).toBe(400);
    const garbage = await c.post('/api/v1/me/mfa/passkeys/options');
    const mangled = key.register(garbage.body);
    mangled.response.attestationObject = 'AAAA';
    expect((await c.post('/api/v1/me/mfa/passkeys', { name: 'Key', response: mangled })).status).toBe(400);

    expect(await passkeyCount(user.id)).toBe(0);
    expect((await c.get('/api/v1/me')).body.mfa.enabled).toBe(false);

    // A right answer works, once; the same answer again is refused (its challenge is spent).
    const fresh = (await c.post('/api/v1/me/mfa/passkeys/options')).body;
    const answer = key.register(fresh);
    // Asking again replaces the challenge: an answer to the older one is refused.
    const newer = (await c.post('/api/v1/me/mfa/passkeys/options')).body;
    expect((await c.post('/api/v1/me/mfa/passkeys', { name: 'Key', response: answer })).status).toBe(400);
    const answerNewer = key.register(newer);
    expect((await c.post('/api/v1/me/mfa/passkeys', { name: 'Key', response: answerNewer })).status).toBe(
      201,
    );
    expect((await c.post('/api/v1/me/mfa/passkeys', { name: 'Key', response: answerNewer })).status).toBe(
      400,
    );
    expect(await passkeyCount(user.id)).toBe(1);
    // The same authenticator twice is refused (the browser refuses it first, via excludeCredentials).
    const again = key.register((await c.post('/api/v1/me/mfa/passkeys/options')).body);
    const dup = await c.post('/api/v1/me/mfa/passkeys', { name: 'Key', response: again });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('PASSKEY_ALREADY_REGISTERED');
    expect(await passkeyCount(user.id)).toBe(1);
  });

  it('at sign-in: challenge single use, another user’s credential refused, counter going back refused', async () => {
    const user = await member('sign-in');
    const intruder = await member('intruder');
    const key = new SoftAuthenticator(ORIGIN);
    const theirs = new SoftAuthenticator(ORIGIN);
    key.counter = 5; // the authenticator's counter when registered: the server keeps 5
    expect((await register(await signedIn(user), key)).status).toBe(201);
    expect((await register(await signedIn(intruder), theirs)).status).toBe(201);

    const b = client();
    const { mfa_token } = await passwordStep(b, user);
    // An answer without asking for options first.
    const early = await b.post('/api/v1/auth/mfa', {
      mfa_token,
      passkey: key.authenticate({ challenge: 'AAAA' }),
    });
    expect(early.status).toBe(401);
    expect(early.body.code).toBe('MFA_CODE_INVALID');

    // Another user's (valid) credential answering this user's challenge.
    let options = (await b.post('/api/v1/auth/mfa/passkey/options', { mfa_token })).body;
    const foreign = await b.post('/api/v1/auth/mfa', { mfa_token, passkey: theirs.authenticate(options) });
    expect(foreign.status).toBe(401);
    expect(foreign.body.message).toMatch(/not registered for you/);

    // The challenge was spent by the refused answer: the right key must ask again.
    const spent = await b.post('/api/v1/auth/mfa', { mfa_token, passkey: key.authenticate(options) });
    expect(spent.status).toBe(401);

    // A counter that goes backwards (a cloned key) is refused.
    options = (await b.post('/api/v1/auth/mfa/passkey/options', { mfa_token })).body;
    key.counter = 0; // authenticate() sends 1, below the 5 the server holds
    const cloned = await b.post('/api/v1/auth/mfa', { mfa_token, passkey: key.authenticate(options) });
    expect(cloned.status).toBe(401);
    expect(cloned.body.message).toMatch(/counter/);

    // These three wrong answers counted towards the token's limit (five), like wrong codes.
    const right = async () => {
      const o = (await b.post('/api/v1/auth/mfa/passkey/options', { mfa_token })).body;
      key.counter = 10;
      return b.post('/api/v1/auth/mfa', { mfa_token, passkey: key.authenticate(o) });
    };
    const ok = await right();
    expect(ok.status, ok.text).toBe(200);
    // The token is spent by the success: neither options nor another answer are given.
    const late = await client().post('/api/v1/auth/mfa/passkey/options', { mfa_token });
    expect(late.status).toBe(401);
    expect(late.body.code).toBe('MFA_TOKEN_INVALID');
  });

  it('a token spent by wrong passkey answers is refused like one spent by wrong codes', async () => {
    const user = await member('spent');
    const key = new SoftAuthenticator(ORIGIN);
    expect((await register(await signedIn(user), key)).status).toBe(201);
    const b = client();
    const { mfa_token } = await passwordStep(b, user);
    for (let i = 0; i < MFA_CHALLENGE.failuresPerToken; i++) {
      const o = (await b.post('/api/v1/auth/mfa/passkey/options', { mfa_token })).body;
      const wrong = new SoftAuthenticator(ORIGIN).authenticate(o);
      expect((await b.post('/api/v1/auth/mfa', { mfa_token, passkey: wrong })).status).toBeGreaterThanOrEqual(
        401,
      );
    }
    const last = await b.post('/api/v1/auth/mfa/passkey/options', { mfa_token });
    expect(last.status).toBe(429);
  });

  it('passkey options refuse bad tokens and users without a passkey; bodies are checked', async () => {
    const b = client();
    expect((await b.post('/api/v1/auth/mfa/passkey/options', { mfa_token: 'rfm_nope' })).status).toBe(401);
    expect((await b.post('/api/v1/auth/mfa/passkey/options', {})).status).toBe(400);
    // A TOTP-only user: the option is not offered, and asking for it says why.
    const user = await member('totp-only');
    const c = await signedIn(user);
    const { Secret, TOTP } = await import('otpauth');
    const start = await c.post('/api/v1/me/mfa/totp');
    const code = new TOTP({ secret: Secret.fromBase32(start.body.secret), digits: 6, period: 30 }).generate();
    expect((await c.post('/api/v1/me/mfa/totp/confirm', { code })).status).toBe(200);
    const step = await passwordStep(client(), user);
    expect(step.methods).toEqual(['totp', 'recovery_code']);
    const none = await b.post('/api/v1/auth/mfa/passkey/options', { mfa_token: step.mfa_token });
    expect(none.status).toBe(409);
    expect(none.body.code).toBe('PASSKEY_NONE');
    // Two proofs at once are refused by the schema.
    const both = await b.post('/api/v1/auth/mfa', {
      mfa_token: step.mfa_token,
      code: '123456',
      passkey: new SoftAuthenticator(ORIGIN).authenticate({ challenge: 'AAAA' }),
    });
    expect(both.status).toBe(400);
  });

  it('removes passkeys; the last factor stays while the account requires MFA; API tokens cannot change them', async () => {
    const owner = await signedIn(other.users.owner);
    const key = new SoftAuthenticator(ORIGIN);
    const added = await register(owner, key);
    expect(added.status).toBe(201);
    const id = added.body.passkey.id as string;

    // An API token of the same user cannot list, add or remove passkeys.
    const token = (await owner.post('/api/v1/tokens', { name: 'cron' })).body.token as string;
    const bearer = client();
    bearer.bearer = token;
    expect((await bearer.get('/api/v1/me/mfa/passkeys')).body.code).toBe('SESSION_REQUIRED');
    expect((await bearer.delete(`/api/v1/me/mfa/passkeys/${id}`)).body.code).toBe('SESSION_REQUIRED');

    // Another account's member cannot see or remove it.
    const stranger = await signedIn(acct.users.tech);
    expect((await stranger.get('/api/v1/me/mfa/passkeys')).body.passkeys).toEqual([]);
    expect((await stranger.delete(`/api/v1/me/mfa/passkeys/${id}`)).status).toBe(404);

    expect((await owner.patch('/api/v1/account/settings', { require_mfa: true })).status).toBe(200);
    const refused = await owner.delete(`/api/v1/me/mfa/passkeys/${id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('PASSKEY_LAST_FACTOR');
    expect(await passkeyCount(other.users.owner.id, other.accountId)).toBe(1);

    expect((await owner.patch('/api/v1/account/settings', { require_mfa: false })).status).toBe(200);
    expect((await owner.delete(`/api/v1/me/mfa/passkeys/${id}`)).status).toBe(204);
    expect((await owner.delete(`/api/v1/me/mfa/passkeys/${id}`)).status).toBe(404);
    const me = (await owner.get('/api/v1/me')).body.mfa;
    expect(me).toMatchObject({ enabled: false, methods: [], recovery_codes_left: 0 });
    // With no factor left, the password alone signs in again.
    expect((await client().login(other.users.owner.email)).body.mfa_required).toBeUndefined();
  });
});
