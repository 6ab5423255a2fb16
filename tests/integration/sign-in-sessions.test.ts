import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';
import { TestClient } from '../helpers/test-client';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';
import { createTestAccount, TEST_PASSWORD, type TestUser } from '../helpers/factories';
import { addMember } from '../helpers/security/members';

/** SPEC §16: a member sees and revokes their own sign-in sessions, and nobody else's. */
describe(`sign-in sessions (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  let testApp: TestApp;
  let acct: Awaited<ReturnType<typeof createTestAccount<'owner' | 'tech'>>>;

  beforeAll(async () => {
    t = await createTestDatabase();
    testApp = createTestApp(t.db);
    acct = await createTestAccount(t.db, { owner: 'owner', tech: 'tech' });
  });
  afterAll(async () => {
    await testApp.assessments.stop();
    await t.drop();
  });

  /** Signs in as `user` from a browser named `device`. */
  async function signIn(user: TestUser, device: string) {
    const client = new TestClient(testApp.app);
    const res = await client.request(
      'POST',
      '/api/v1/auth/login',
      { email: user.email, password: TEST_PASSWORD },
      { 'user-agent': device },
    );
    expect(res.status, res.text).toBe(200);
    client.csrf = res.body.csrf_token;
    return client;
  }

  async function member() {
    return addMember(t.db, acct.accountId, 'tech', 'devices');
  }

  async function audit(action: string, userId: string) {
    const { rows } = await t.db.query<{ target_id: string; details: any }>(
      `SELECT target_id, details FROM audit_log WHERE action = $1 AND actor_user_id = $2 ORDER BY id`,
      [action, userId],
    );
    return rows;
  }

  it('lists only the caller’s own live sessions, newest first, marking the current one', async () => {
    const me = await member();
    const laptop = await signIn(me, 'Mozilla/5.0 (Windows NT 10.0) Firefox/133.0');
    await new Promise((r) => setTimeout(r, 5));
    const phone = await signIn(me, 'Mozilla/5.0 (iPhone) Safari/604.1');
    await new Promise((r) => setTimeout(r, 5));
    const gone = await signIn(me, 'Gone');
    expect((await gone.post('/api/v1/auth/logout')).status).toBe(204);
    const expired = await signIn(me, 'Expired');
    await t.db.query(
      `UPDATE auth_sessions SET expires_at = now() - interval '1 minute' WHERE user_id = $1 AND user_agent = 'Expired'`,
      [me.id],
    );
    void expired;
    // Someone else in the same account, signed in too: never listed.
    await signIn(acct.users.tech, 'Other person');

    const res = await phone.get('/api/v1/me/sessions');
    expect(res.status).toBe(200);
    expect(res.body.items.map((s: any) => s.user_agent)).toEqual([
      'Mozilla/5.0 (iPhone) Safari/604.1',
      'Mozilla/5.0 (Windows NT 10.0) Firefox/133.0',
    ]);
    expect(res.body.items.map((s: any) => s.current)).toEqual([true, false]);
    for (const s of res.body.items) {
      expect(Object.keys(s).sort()).toEqual(['created_at', 'current', 'id', 'last_seen_at', 'user_agent']);
      expect(Date.parse(s.created_at)).toBeLessThanOrEqual(Date.parse(s.last_seen_at));
    }
    const fromLaptop = await laptop.get('/api/v1/me/sessions');
    expect(fromLaptop.body.items.map((s: any) => s.current)).toEqual([false, true]);
  });

  it('an API token lists the sessions with current=false everywhere, and may not sign out the others', async () => {
    const me = await member();
    const browser = await signIn(me, 'Browser');
    const token = (await browser.post('/api/v1/tokens', { name: 'script' })).body.token as string;
    const script = new TestClient(testApp.app);
    script.bearer = token;
    const res = await script.get('/api/v1/me/sessions');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0].current).toBe(false);
    const others = await script.post('/api/v1/me/sessions/revoke-others');
    expect(others.status).toBe(403);
    expect(others.body.code).toBe('SESSION_REQUIRED');
    expect((await browser.get('/api/v1/me')).status).toBe(200);
  });

  it('revokes one of one’s own sessions: that browser is signed out, the others are not, and it is audited', async () => {
    const me = await member();
    const laptop = await signIn(me, 'Laptop');
    const phone = await signIn(me, 'Phone');
    const list = (await laptop.get('/api/v1/me/sessions')).body.items as any[];
    const phoneSession = list.find((s) => s.user_agent === 'Phone')!;

    const res = await laptop.delete(`/api/v1/me/sessions/${phoneSession.id}`);
    expect(res.status).toBe(204);
    expect((await phone.get('/api/v1/me')).status).toBe(401);
    expect((await laptop.get('/api/v1/me')).status).toBe(200);
    expect((await laptop.get('/api/v1/me/sessions')).body.items.map((s: any) => s.user_agent)).toEqual([
      'Laptop',
    ]);
    expect((await audit('auth_session.revoked', me.id)).map((r) => r.target_id)).toEqual([phoneSession.id]);
    // Already revoked: nothing left to revoke.
    expect((await laptop.delete(`/api/v1/me/sessions/${phoneSession.id}`)).status).toBe(404);
  });

  it('revoking the current session signs this browser out and clears its cookie', async () => {
    const me = await member();
    const laptop = await signIn(me, 'Laptop');
    const current = ((await laptop.get('/api/v1/me/sessions')).body.items as any[]).find((s) => s.current)!;
    const res = await laptop.delete(`/api/v1/me/sessions/${current.id}`);
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/rf_session=;/);
    expect((await laptop.get('/api/v1/me')).status).toBe(401);
  });

  it('another user’s session id answers 404 and changes nothing, in the same account or another', async () => {
    const me = await member();
    const mine = await signIn(me, 'Mine');
    const colleague = await member();
    const theirs = await signIn(colleague, 'Theirs');
    const theirId = ((await theirs.get('/api/v1/me/sessions')).body.items as any[])[0].id;

    const other = await createTestAccount(t.db, { owner: 'owner' }, 'Other MSP');
    const stranger = await signIn(other.users.owner, 'Stranger');
    const strangerId = ((await stranger.get('/api/v1/me/sessions')).body.items as any[])[0].id;

    const before = await t.db.query(`SELECT id, revoked_at FROM auth_sessions ORDER BY id`);
    for (const id of [theirId, strangerId]) {
      const res = await mine.delete(`/api/v1/me/sessions/${id}`);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    }
    // The other tenant's owner, aiming at this account's sessions, is refused the same way.
    expect((await stranger.delete(`/api/v1/me/sessions/${theirId}`)).status).toBe(404);
    expect((await t.db.query(`SELECT id, revoked_at FROM auth_sessions ORDER BY id`)).rows).toEqual(
      before.rows,
    );
    expect((await theirs.get('/api/v1/me')).status).toBe(200);
    expect((await stranger.get('/api/v1/me')).status).toBe(200);
    // And the second tenant lists nothing but its own.
    const listed = (await stranger.get('/api/v1/me/sessions')).body.items as any[];
    expect(listed.map((s) => s.id)).toEqual([strangerId]);
    expect(await audit('auth_session.revoked', me.id)).toEqual([]);
  });

  it('a malformed id answers 400 with a reason', async () => {
    const me = await member();
    const client = await signIn(me, 'Laptop');
    const res = await client.delete('/api/v1/me/sessions/not-a-uuid');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_ERROR', message: expect.any(String) });
  });

  it('signs out all other sessions, keeps this one, and audits what it revoked', async () => {
    const me = await member();
    const laptop = await signIn(me, 'Laptop');
    const phone = await signIn(me, 'Phone');
    const tablet = await signIn(me, 'Tablet');
    const bystander = await signIn(acct.users.owner, 'Owner laptop');

    const res = await laptop.post('/api/v1/me/sessions/revoke-others');
    expect(res.status).toBe(204);
    expect((await phone.get('/api/v1/me')).status).toBe(401);
    expect((await tablet.get('/api/v1/me')).status).toBe(401);
    expect((await laptop.get('/api/v1/me')).status).toBe(200);
    expect((await bystander.get('/api/v1/me')).status).toBe(200);
    const items = (await laptop.get('/api/v1/me/sessions')).body.items as any[];
    expect(items.map((s) => [s.user_agent, s.current])).toEqual([['Laptop', true]]);
    const entries = await audit('auth_session.revoked_others', me.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.details.kept).toBe(items[0].id);
    expect(entries[0]!.details.revoked).toHaveLength(2);
    // Nothing else to sign out: still 204, no second audit entry.
    expect((await laptop.post('/api/v1/me/sessions/revoke-others')).status).toBe(204);
    expect(await audit('auth_session.revoked_others', me.id)).toHaveLength(1);
  });
});
