import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../server/lib/crypto';
import { INVITE_TTL_DAYS } from '../../server/modules/invites/invites.service';
import { createTestApp, type TestApp } from '../helpers/app';
import { TestClient } from '../helpers/test-client';
import { manualClock } from '../helpers/clock';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { createTestAccount } from '../helpers/factories';

/** Invite links: expiry to the second, single use even under a race, replaced links, hashed storage. */
describe('security: invite token expiry and single use', () => {
  let t: TestDatabase;
  let app: TestApp['app'];
  const clock = manualClock(new Date('2031-06-01T10:00:00Z'));
  let n = 0;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = createTestApp(t.db, { clock: clock.now }).app;
  });
  afterAll(() => t.drop());

  async function invite() {
    const acct = await createTestAccount(t.db, { owner: 'owner' });
    const owner = new TestClient(app, `192.0.2.${++n}`);
    await owner.login(acct.users.owner.email);
    const email = `invitee-${n}-${Date.now()}@example.test`;
    const created = await owner.post('/api/v1/invites', { email, role: 'tech' });
    expect(created.status).toBe(201);
    return {
      acct,
      owner,
      email,
      id: created.body.id as string,
      token: created.body.accept_url.split('/invite/')[1] as string,
    };
  }

  const accept = (token: string, name = 'New Person') =>
    new TestClient(app, `198.18.0.${++n % 250}`).post('/api/v1/invites/accept', {
      token,
      name,
      password: 'a-long-password',
    });
  const usersWith = async (email: string) =>
    (await t.db.query('SELECT id FROM users WHERE lower(email) = lower($1)', [email])).rows.length;

  it('stores only the hash of the invite token', async () => {
    const { id, token } = await invite();
    const row = await t.db.query<Record<string, unknown>>('SELECT * FROM invites WHERE id = $1', [id]);
    expect(row.rows[0]!.token_hash).toBe(hashSecret(token));
    expect(JSON.stringify(row.rows[0])).not.toContain(token);
  });

  it('works until the last second of its TTL and is refused from then on, creating no user', async () => {
    const { email, token } = await invite();
    const start = clock.now().getTime();
    const ttl = INVITE_TTL_DAYS * 86_400_000;
    try {
      clock.advance(ttl - 1000);
      expect((await new TestClient(app).get(`/api/v1/invites/accept/${token}`)).status).toBe(200);
      clock.advance(1000);
      const lookup = await new TestClient(app).get(`/api/v1/invites/accept/${token}`);
      expect(lookup.status).toBe(410);
      expect(lookup.body.code).toBe('INVITE_EXPIRED');
      const late = await accept(token);
      expect(late.status).toBe(410);
      expect(late.body.code).toBe('INVITE_EXPIRED');
      expect(late.headers.get('set-cookie')).toBeNull();
    } finally {
      clock.advance(start - clock.now().getTime());
    }
    expect(await usersWith(email)).toBe(0);
  });

  it('single use: accepting twice at the same moment creates exactly one user', async () => {
    const { email, token } = await invite();
    const results = await Promise.all([accept(token, 'First'), accept(token, 'Second')]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses[0]).toBe(201);
    expect([409, 410]).toContain(statuses[1]);
    expect(await usersWith(email)).toBe(1);
    const again = await accept(token, 'Third');
    expect(again.status).toBe(410);
    expect(again.body.code).toBe('INVITE_USED');
    expect((await new TestClient(app).get(`/api/v1/invites/accept/${token}`)).status).toBe(410);
    expect(await usersWith(email)).toBe(1);
  });

  it('a new invite for the same email replaces the pending one, and a revoked invite cannot be accepted', async () => {
    const { owner, email, token, id } = await invite();
    const second = await owner.post('/api/v1/invites', { email, role: 'engineer' });
    const replaced = await accept(token);
    expect(replaced.status).toBe(410);
    expect(replaced.body.code).toBe('INVITE_REVOKED');
    expect(await usersWith(email)).toBe(0);

    expect((await owner.delete(`/api/v1/invites/${second.body.id}`)).status).toBe(204);
    const revoked = await accept(second.body.accept_url.split('/invite/')[1]);
    expect(revoked.status).toBe(410);
    expect(await usersWith(email)).toBe(0);
    const list = await owner.get('/api/v1/invites');
    expect(list.body.items.find((i: { id: string }) => i.id === id).status).toBe('revoked');
  });

  it('wrong and malformed tokens are 4xx, never 5xx, and never a session', async () => {
    const { token } = await invite();
    for (const wrong of [
      token.slice(0, -2),
      'rfi_',
      'rfr_not-an-invite',
      hashSecret(token),
      'x'.repeat(199),
    ]) {
      const res = await accept(wrong);
      expect(res.status, wrong).toBe(404);
      expect(res.headers.get('set-cookie')).toBeNull();
    }
    expect((await accept('x'.repeat(201))).status).toBe(400);
  });
});
