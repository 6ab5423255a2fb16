import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteNoticesSettled } from '../../server/modules/invites/invites.mail';
import { createTestApp, testConfig, type TestApp } from '../helpers/app';
import { startSmtpCatcher, type SmtpCatcher } from '../helpers/smtp-catcher';
import { clientsFor, TestClient } from '../helpers/test-client';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { ALL_ROLES, createTestAccount } from '../helpers/factories';

describe('members and invites', () => {
  let t: TestDatabase;
  let app: TestApp['app'];
  let now = new Date();

  beforeAll(async () => {
    t = await createTestDatabase();
    app = createTestApp(t.db, { clock: () => now }).app;
  });
  afterAll(() => t.drop());

  async function team() {
    const acct = await createTestAccount(t.db, ALL_ROLES);
    return { acct, c: await clientsFor(app, acct.users) };
  }

  it('every member can list the members of their own account only', async () => {
    const { acct, c } = await team();
    const other = await createTestAccount(t.db, { owner: 'owner' });
    for (const role of Object.keys(ALL_ROLES) as (keyof typeof ALL_ROLES)[]) {
      const res = await c[role].get('/api/v1/members');
      expect(res.status).toBe(200);
      const ids = res.body.items.map((m: { id: string }) => m.id);
      expect(ids).toHaveLength(5);
      expect(ids).toContain(acct.users.owner.id);
      expect(ids).not.toContain(other.users.owner.id);
      expect(res.body.items[0]).toEqual(
        expect.objectContaining({
          id: expect.any(String),
          email: expect.any(String),
          name: expect.any(String),
          role: expect.any(String),
          is_active: true,
        }),
      );
    }
  });

  it('only admin and owner change roles; tech, engineer and viewer get 403', async () => {
    const { acct, c } = await team();
    for (const role of ['engineer', 'tech', 'viewer'] as const) {
      const res = await c[role].patch(`/api/v1/members/${acct.users.viewer.id}`, { role: 'tech' });
      expect(res.status, role).toBe(403);
    }
    const byAdmin = await c.admin.patch(`/api/v1/members/${acct.users.viewer.id}`, { role: 'tech' });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.member.role).toBe('tech');
  });

  it('an admin cannot demote or deactivate an owner, nor make an owner', async () => {
    const { acct, c } = await team();
    expect((await c.admin.patch(`/api/v1/members/${acct.users.owner.id}`, { role: 'tech' })).status).toBe(
      403,
    );
    expect((await c.admin.patch(`/api/v1/members/${acct.users.owner.id}`, { is_active: false })).status).toBe(
      403,
    );
    expect((await c.admin.patch(`/api/v1/members/${acct.users.tech.id}`, { role: 'owner' })).status).toBe(
      403,
    );
    expect(
      (await c.admin.post('/api/v1/invites', { email: 'boss@example.test', role: 'owner' })).status,
    ).toBe(403);
  });

  it('the last owner can be neither demoted nor deactivated, and cannot leave', async () => {
    const { acct, c } = await team();
    const demote = await c.owner.patch(`/api/v1/members/${acct.users.owner.id}`, { role: 'admin' });
    expect(demote.status).toBe(409);
    expect(demote.body.code).toBe('LAST_OWNER');
    expect((await c.owner.patch(`/api/v1/members/${acct.users.owner.id}`, { is_active: false })).status).toBe(
      409,
    );
    expect((await c.owner.post('/api/v1/account/leave')).status).toBe(409);
    // With a second owner, the first may step down.
    expect((await c.owner.patch(`/api/v1/members/${acct.users.admin.id}`, { role: 'owner' })).status).toBe(
      200,
    );
    expect((await c.owner.patch(`/api/v1/members/${acct.users.owner.id}`, { role: 'engineer' })).status).toBe(
      200,
    );
  });

  it('a member can leave; their session ends', async () => {
    const { c } = await team();
    expect((await c.tech.post('/api/v1/account/leave')).status).toBe(204);
    expect((await c.tech.get('/api/v1/me')).status).toBe(401);
  });

  it('cross-tenant member ids answer 404 and change nothing', async () => {
    const { c } = await team();
    const other = await team();
    const res = await c.owner.patch(`/api/v1/members/${other.acct.users.tech.id}`, { role: 'viewer' });
    expect(res.status).toBe(404);
    const list = await other.c.owner.get('/api/v1/members');
    expect(list.body.items.find((m: { id: string }) => m.id === other.acct.users.tech.id).role).toBe('tech');
  });

  it('invite → lookup → accept with name and password signs the new member in', async () => {
    const { acct, c } = await team();
    const created = await c.admin.post('/api/v1/invites', {
      email: 'New.Person@Example.test',
      role: 'engineer',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'new.person@example.test', role: 'engineer' });
    const token = created.body.accept_url.split('/invite/')[1];
    expect(created.body.accept_url).toMatch(/^http:\/\/app\.test\/invite\/rfi_/);

    const anon = new TestClient(app);
    const lookup = await anon.get(`/api/v1/invites/accept/${token}`);
    expect(lookup.status).toBe(200);
    expect(lookup.body).toMatchObject({
      email: 'new.person@example.test',
      role: 'engineer',
      account: { id: acct.accountId },
    });

    const short = await anon.post('/api/v1/invites/accept', { token, name: 'New Person', password: 'short' });
    expect(short.status).toBe(400);

    const accepted = await anon.post('/api/v1/invites/accept', {
      token,
      name: 'New Person',
      password: 'a-long-password',
    });
    expect(accepted.status).toBe(201);
    anon.csrf = accepted.body.csrf_token;
    expect((await anon.get('/api/v1/me')).body.user).toMatchObject({ name: 'New Person', role: 'engineer' });

    // Single use.
    const twice = await new TestClient(app).post('/api/v1/invites/accept', {
      token,
      name: 'Again',
      password: 'a-long-password',
    });
    expect(twice.status).toBe(410);
    expect(twice.body.code).toBe('INVITE_USED');
    const list = await c.owner.get('/api/v1/invites');
    expect(list.body.items.find((i: { id: string }) => i.id === created.body.id).status).toBe('accepted');
  });

  it('invites expire and can be revoked', async () => {
    const { c } = await team();
    const a = await c.owner.post('/api/v1/invites', { email: 'exp@example.test', role: 'tech' });
    const b = await c.owner.post('/api/v1/invites', { email: 'rev@example.test', role: 'tech' });
    expect((await c.owner.delete(`/api/v1/invites/${b.body.id}`)).status).toBe(204);
    const revoked = await new TestClient(app).get(
      `/api/v1/invites/accept/${b.body.accept_url.split('/invite/')[1]}`,
    );
    expect(revoked.status).toBe(410);
    expect(revoked.body.code).toBe('INVITE_REVOKED');

    const saved = now;
    now = new Date(now.getTime() + 8 * 86_400_000);
    const expired = await new TestClient(app).post('/api/v1/invites/accept', {
      token: a.body.accept_url.split('/invite/')[1],
      name: 'Late',
      password: 'a-long-password',
    });
    now = saved;
    expect(expired.status).toBe(410);
    expect(expired.body.code).toBe('INVITE_EXPIRED');
    expect((await new TestClient(app).get('/api/v1/invites/accept/rfi_unknown')).status).toBe(404);
  });

  it('invites are admin-only and tenant-scoped', async () => {
    const { c } = await team();
    const other = await team();
    for (const role of ['engineer', 'tech', 'viewer'] as const) {
      expect(
        (await c[role].post('/api/v1/invites', { email: `x-${role}@example.test`, role: 'tech' })).status,
      ).toBe(403);
      expect((await c[role].get('/api/v1/invites')).status).toBe(403);
    }
    const inv = await other.c.owner.post('/api/v1/invites', { email: 'theirs@example.test', role: 'tech' });
    expect((await c.owner.delete(`/api/v1/invites/${inv.body.id}`)).status).toBe(404);
    expect((await c.owner.get('/api/v1/invites')).body.items.map((i: { id: string }) => i.id)).not.toContain(
      inv.body.id,
    );
  });

  it('an invite for an email already in use is refused with 409', async () => {
    const { acct, c } = await team();
    const res = await c.owner.post('/api/v1/invites', { email: acct.users.tech.email, role: 'tech' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('EMAIL_TAKEN');
  });

  it('an invite whose inviter was demoted or deactivated since can no longer be accepted, and changes nothing', async () => {
    const { acct, c } = await team();
    const viaAdmin = await c.admin.post('/api/v1/invites', {
      email: `late-${Date.now()}@example.test`,
      role: 'tech',
    });
    expect(viaAdmin.status).toBe(201);
    const token = viaAdmin.body.accept_url.split('/invite/')[1] as string;
    expect((await c.owner.patch(`/api/v1/members/${acct.users.admin.id}`, { role: 'tech' })).status).toBe(
      200,
    );
    const anon = new TestClient(app);
    const lookup = await anon.get(`/api/v1/invites/accept/${token}`);
    expect(lookup.status).toBe(410);
    expect(lookup.body.code).toBe('INVITE_NO_LONGER_VALID');
    const res = await anon.post('/api/v1/invites/accept', {
      token,
      name: 'Late',
      password: 'a-long-password-1',
    });
    expect(res.status).toBe(410);
    expect(res.body.code).toBe('INVITE_NO_LONGER_VALID');
    expect(res.headers.get('set-cookie')).toBeNull();
    const members = (await c.owner.get('/api/v1/members')).body.items as { email: string }[];
    expect(members.map((m) => m.email)).not.toContain(viaAdmin.body.email);
    const invites = (await c.owner.get('/api/v1/invites')).body.items as { id: string; status: string }[];
    expect(invites.find((i) => i.id === viaAdmin.body.id)?.status).toBe('pending');

    // Deactivated inviter: refused the same way.
    const other = await team();
    const inv = await other.c.admin.post('/api/v1/invites', {
      email: `gone-${Date.now()}@example.test`,
      role: 'tech',
    });
    expect(
      (await other.c.owner.patch(`/api/v1/members/${other.acct.users.admin.id}`, { is_active: false }))
        .status,
    ).toBe(200);
    const gone = await anon.post('/api/v1/invites/accept', {
      token: inv.body.accept_url.split('/invite/')[1],
      name: 'Gone',
      password: 'a-long-password-1',
    });
    expect(gone.status).toBe(410);
    expect(gone.body.code).toBe('INVITE_NO_LONGER_VALID');
  });

  it('an owner invite made by an owner who is no longer an owner cannot be accepted', async () => {
    const acct = await createTestAccount(t.db, { owner: 'owner', second: 'owner' });
    const c = await clientsFor(app, acct.users);
    const inv = await c.owner.post('/api/v1/invites', {
      email: `own-${Date.now()}@example.test`,
      role: 'owner',
    });
    expect(inv.status).toBe(201);
    expect((await c.second.patch(`/api/v1/members/${acct.users.owner.id}`, { role: 'admin' })).status).toBe(
      200,
    );
    const res = await new TestClient(app).post('/api/v1/invites/accept', {
      token: inv.body.accept_url.split('/invite/')[1],
      name: 'Would-be owner',
      password: 'a-long-password-1',
    });
    expect(res.status).toBe(410);
    expect(res.body.code).toBe('INVITE_NO_LONGER_VALID');
    // The same inviter may still grant a tech role as an admin.
    const tech = await c.owner.post('/api/v1/invites', {
      email: `tech-${Date.now()}@example.test`,
      role: 'tech',
    });
    const ok = await new TestClient(app).post('/api/v1/invites/accept', {
      token: tech.body.accept_url.split('/invite/')[1],
      name: 'Tech',
      password: 'a-long-password-1',
    });
    expect(ok.status).toBe(201);
  });
});

describe('invites for an email of another account', () => {
  let t: TestDatabase;
  let app: TestApp['app'];
  let smtp: SmtpCatcher;

  beforeAll(async () => {
    t = await createTestDatabase();
    smtp = await startSmtpCatcher();
    app = createTestApp(t.db, { config: testConfig({ SMTP_URL: smtp.url }) }).app;
  });
  afterAll(async () => {
    await inviteNoticesSettled();
    await smtp.close();
    await t.drop();
  });

  it('answers exactly as for a new address and tells the existing user by email instead', async () => {
    const acct = await createTestAccount(t.db, { owner: 'owner' });
    const elsewhere = await createTestAccount(t.db, { tech: 'tech' }, 'Other MSP');
    const c = await clientsFor(app, acct.users);
    const fresh = await c.owner.post('/api/v1/invites', {
      email: `fresh-${Date.now()}@example.test`,
      role: 'tech',
    });
    const taken = await c.owner.post('/api/v1/invites', { email: elsewhere.users.tech.email, role: 'tech' });
    expect(fresh.status).toBe(201);
    expect(taken.status).toBe(201);
    expect(Object.keys(taken.body).sort()).toEqual(Object.keys(fresh.body).sort());
    expect(taken.body).toEqual({
      id: expect.any(String),
      email: elsewhere.users.tech.email,
      role: 'tech',
      expires_at: expect.any(String),
      accept_url: expect.stringMatching(/\/invite\/rfi_/),
    });
    const list = (await c.owner.get('/api/v1/invites')).body.items as { id: string; status: string }[];
    expect(list.find((i) => i.id === taken.body.id)?.status).toBe('pending');

    await inviteNoticesSettled();
    const mails = smtp.to([elsewhere.users.tech.email]);
    expect(mails).toHaveLength(1);
    expect(smtp.to([fresh.body.email])).toHaveLength(0);
  });
});
