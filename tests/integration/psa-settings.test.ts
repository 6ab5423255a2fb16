import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../server/db/tenant';
import { REFUSED_HOST_MESSAGE } from '../../server/lib/outbound-url-guard';
import { createTestApp, testConfig, type TestApp } from '../helpers/app';
import { clientsFor, type TestClient } from '../helpers/test-client';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';
import { startFakeConnectWise, type FakeConnectWise } from '../helpers/fake-connectwise';
import { ALL_ROLES, createTestAccount } from '../helpers/factories';

const CREDS = {
  companyId: 'northwind',
  publicKey: 'PubKey1234abcdEF',
  privateKey: 'PrivKeyZyXw98765',
  clientId: 'c0ffee00-1111-2222-3333-444455556666',
};

describe(`PSA settings, member mapping and ticket lookup (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  let cw: FakeConnectWise;
  /** ALLOW_PRIVATE_WEBHOOKS=true, so the connection may point at the local fake ConnectWise. */
  let local: TestApp;
  /** The default: private site URLs refused, like webhook URLs. */
  let guarded: TestApp;
  let acct: Awaited<ReturnType<typeof createTestAccount<keyof typeof ALL_ROLES>>>;
  let c: Record<keyof typeof ALL_ROLES, TestClient>;

  const connection = (extra: Record<string, unknown> = {}) => ({
    site_url: cw.siteUrl,
    company_id: CREDS.companyId,
    public_key: CREDS.publicKey,
    private_key: CREDS.privateKey,
    client_id: CREDS.clientId,
    ...extra,
  });

  beforeAll(async () => {
    [t, cw] = await Promise.all([createTestDatabase(), startFakeConnectWise(CREDS)]);
    local = createTestApp(t.db, { config: testConfig({ ALLOW_PRIVATE_WEBHOOKS: 'true' }) });
    guarded = createTestApp(t.db);
    acct = await createTestAccount(t.db, ALL_ROLES);
    c = await clientsFor(local.app, acct.users);
    cw.addTicket({
      id: 12345,
      summary: 'Outlook keeps asking for the password',
      company: 'Harbor Dental',
      contact: 'Dana Front Desk',
      board: 'Help Desk',
      status: 'New',
      description: 'Since this morning Outlook prompts for the password every few minutes.',
    });
  });
  afterAll(async () => {
    await Promise.all([local.assessments.stop(), guarded.assessments.stop(), cw.close()]);
    await t.drop();
  });

  it('only admins and owners read or change the settings; everyone else gets 403', async () => {
    const saved = await c.admin.request(
      'PUT',
      '/api/v1/psa/connection',
      connection({ escalated_status: 'Escalated' }),
    );
    expect(saved.status, saved.text).toBe(200);
    for (const role of ['engineer', 'tech', 'viewer'] as const) {
      const answers = await Promise.all([
        c[role].get('/api/v1/psa/connection'),
        c[role].request('PUT', '/api/v1/psa/connection', connection()),
        c[role].delete('/api/v1/psa/connection'),
        c[role].post('/api/v1/psa/connection/test'),
        c[role].get('/api/v1/psa/members'),
        c[role].get('/api/v1/psa/remote-members'),
        c[role].request('PUT', `/api/v1/psa/members/${acct.users.tech.id}`, { member_id: 12 }),
        c[role].delete(`/api/v1/psa/members/${acct.users.tech.id}`),
      ]);
      expect(
        answers.map((a) => a.status),
        role,
      ).toEqual([403, 403, 403, 403, 403, 403, 403, 403]);
      expect(answers[0]!.body.message).toBe('Admin or owner access required');
    }
    // The refused save changed nothing.
    expect((await c.owner.get('/api/v1/psa/connection')).body.connection.escalated_status).toBe('Escalated');
  });

  it('keys are encrypted at rest and never returned; an update without keys keeps them', async () => {
    const first = await c.owner.request(
      'PUT',
      '/api/v1/psa/connection',
      connection({ resolved_status: 'Resolved', post_time_entry: true }),
    );
    expect(first.status, first.text).toBe(200);
    expect(first.body.connection).toMatchObject({
      provider: 'connectwise',
      enabled: true,
      site_url: cw.siteUrl,
      company_id: 'northwind',
      public_key: '…cdEF',
      has_private_key: true,
      client_id: CREDS.clientId,
      resolved_status: 'Resolved',
      resolution_note_visibility: 'internal',
      post_time_entry: true,
    });
    const update = await c.owner.request('PUT', '/api/v1/psa/connection', {
      ...connection({ escalated_status: 'Escalated' }),
      public_key: undefined,
      private_key: undefined,
    });
    expect(update.status, update.text).toBe(200);
    expect(update.body.connection.public_key).toBe('…cdEF');
    const read = await c.owner.get('/api/v1/psa/connection');
    for (const res of [first, update, read]) {
      expect(res.text).not.toContain(CREDS.publicKey);
      expect(res.text).not.toContain(CREDS.privateKey);
    }
    const row = await withTenant(t.db, acct.accountId, (tx) =>
      tx.query<any>(`SELECT * FROM psa_connections WHERE account_id = $1`, [acct.accountId]),
    );
    const stored = JSON.stringify(row.rows[0]);
    expect(stored).not.toContain(CREDS.publicKey);
    expect(stored).not.toContain(CREDS.privateKey);
    // The kept keys still work: the test call authenticates against the fake ConnectWise.
    const tested = await c.owner.post('/api/v1/psa/connection/test');
    expect(tested.body).toEqual({ ok: true, server_version: 'v2025.1.12345' });
    expect((await c.owner.get('/api/v1/psa/connection')).body.connection.last_test).toMatchObject({
      ok: true,
      error: null,
    });
    const audit = await withTenant(t.db, acct.accountId, (tx) =>
      tx.query<any>(`SELECT action, details FROM audit_log WHERE target_type = 'psa_connection' ORDER BY id`),
    );
    expect(audit.rows.map((r) => r.action)).toContain('psa.connection_updated');
    expect(JSON.stringify(audit.rows)).not.toContain(CREDS.privateKey);
  });

  it('test connection reports wrong credentials and a missing client id as ConnectWise answers them (401)', async () => {
    expect(
      (
        await c.owner.request(
          'PUT',
          '/api/v1/psa/connection',
          connection({ private_key: 'WrongPrivateKey0' }),
        )
      ).status,
    ).toBe(200);
    // New keys clear the previous test result.
    expect((await c.owner.get('/api/v1/psa/connection')).body.connection.last_test).toBeNull();
    const wrongKey = await c.owner.post('/api/v1/psa/connection/test');
    expect(wrongKey.body).toEqual({
      ok: false,
      error: expect.stringContaining('ConnectWise refused the credentials (HTTP 401)'),
    });
    expect(wrongKey.text).not.toContain('WrongPrivateKey0');
    const last = (await c.owner.get('/api/v1/psa/connection')).body.connection.last_test;
    expect(last).toMatchObject({ ok: false, error: expect.stringContaining('HTTP 401') });

    expect(
      (await c.owner.request('PUT', '/api/v1/psa/connection', connection({ client_id: 'another-client' })))
        .status,
    ).toBe(200);
    expect((await c.owner.post('/api/v1/psa/connection/test')).body.ok).toBe(false);
    // The fake saw the real header shapes: Basic company+public:private and clientId.
    const seen = cw.requests.filter((r) => r.path === '/system/info').at(-1)!;
    expect(seen.headers.clientid).toBe('another-client');
    expect(Buffer.from(String(seen.headers.authorization).replace(/^Basic /, ''), 'base64').toString()).toBe(
      `northwind+${CREDS.publicKey}:${CREDS.privateKey}`,
    );
    expect((await c.owner.request('PUT', '/api/v1/psa/connection', connection())).status).toBe(200);
    expect((await c.owner.post('/api/v1/psa/connection/test')).body.ok).toBe(true);
  });

  it('refuses bad input with a 400 naming the field and changes nothing', async () => {
    const before = (await c.owner.get('/api/v1/psa/connection')).body.connection;
    const bad = [
      connection({ company_id: 'north wind' }),
      connection({ private_key: 'has:colon' }),
      connection({ client_id: '' }),
      connection({ site_url: '' }),
      connection({ resolution_note_visibility: 'everyone' }),
      connection({ site_url: 'ftp://cw.example.com' }),
      connection({ site_url: 'http://exa mple.com' }),
    ];
    for (const body of bad) {
      const res = await c.owner.request('PUT', '/api/v1/psa/connection', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.message).toBeTruthy();
    }
    expect((await c.owner.get('/api/v1/psa/connection')).body.connection).toEqual(before);

    // A first connection needs both keys.
    const fresh = await createTestAccount(t.db, { owner: 'owner' });
    const fc = (await clientsFor(local.app, fresh.users)).owner;
    const noKeys = await fc.request('PUT', '/api/v1/psa/connection', {
      ...connection(),
      public_key: undefined,
    });
    expect(noKeys.status).toBe(400);
    expect(noKeys.body.details).toEqual({ field: 'public_key' });
    expect((await fc.get('/api/v1/psa/connection')).body.connection).toBeNull();
  });

  it('the site URL passes the same guard as webhook URLs: private addresses refused unless allowed in development', async () => {
    const gc = (await clientsFor(guarded.app, { owner: acct.users.owner })).owner;
    for (const site of [
      cw.siteUrl,
      'http://localhost:8443',
      'http://169.254.169.254',
      'http://[::1]:8080',
      '10.0.0.5',
      'https://[64:ff9b:1::a00:5]',
      'https://[2002:a00:5::]',
      'https://198.18.0.1',
    ]) {
      const res = await gc.request('PUT', '/api/v1/psa/connection', connection({ site_url: site }));
      expect(res.status, site).toBe(400);
      // The same words for every blocked address: what the host resolves to stays in the server log.
      expect(res.body).toEqual({
        code: 'URL_NOT_ALLOWED',
        message: `Site URL refused: ${REFUSED_HOST_MESSAGE}`,
        details: { field: 'site_url' },
      });
    }
    const prod = createTestApp(t.db, {
      config: testConfig({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://unused/db',
        SESSION_SECRET: 'x'.repeat(40),
        SMTP_URL: 'smtp://mail.example.test',
      }),
    });
    const pc = (await clientsFor(prod.app, { owner: acct.users.owner })).owner;
    const plain = await pc.request(
      'PUT',
      '/api/v1/psa/connection',
      connection({ site_url: 'http://api-na.myconnectwise.net' }),
    );
    expect(plain.status).toBe(400);
    expect(plain.body.message).toContain('Only https URLs are allowed');
    await prod.assessments.stop();

    // Checked again at every call: a site saved where private addresses were allowed is refused
    // by a server where they are not.
    expect((await c.owner.request('PUT', '/api/v1/psa/connection', connection())).status).toBe(200);
    const gt = (await clientsFor(guarded.app, { tech: acct.users.tech })).tech;
    const before = cw.requests.length;
    const lookup = await gt.get('/api/v1/psa/tickets/12345');
    expect(lookup.status).toBe(422);
    expect(lookup.body).toMatchObject({
      code: 'URL_NOT_ALLOWED',
      message: `ConnectWise site URL refused: ${REFUSED_HOST_MESSAGE}`,
    });
    expect(cw.requests.length).toBe(before);
  });

  it('normalises the site: a pasted API path is dropped', async () => {
    const res = await c.owner.request(
      'PUT',
      '/api/v1/psa/connection',
      connection({ site_url: `${cw.siteUrl}/v4_6_release/apis/3.0/` }),
    );
    expect(res.body.connection.site_url).toBe(cw.siteUrl);
    expect((await c.owner.post('/api/v1/psa/connection/test')).body.ok).toBe(true);
  });

  it('any member can ask whether a PSA is connected; the answer follows the enabled flag', async () => {
    expect((await c.tech.get('/api/v1/psa/status')).body).toEqual({
      connected: true,
      provider: 'connectwise',
      time_entries: false,
    });
    await c.owner.request(
      'PUT',
      '/api/v1/psa/connection',
      connection({ enabled: false, post_time_entry: true }),
    );
    expect((await c.viewer.get('/api/v1/psa/status')).body).toEqual({
      connected: false,
      provider: null,
      time_entries: false,
    });
    expect((await c.tech.get('/api/v1/psa/tickets/12345')).body.code).toBe('PSA_NOT_CONNECTED');
    await c.owner.request('PUT', '/api/v1/psa/connection', connection({ post_time_entry: true }));
    expect((await c.tech.get('/api/v1/psa/status')).body).toEqual({
      connected: true,
      provider: 'connectwise',
      time_entries: true,
    });
  });

  it('intake lookup returns summary, company, contact, board, status and initial description', async () => {
    const res = await c.tech.get('/api/v1/psa/tickets/%2312345');
    expect(res.status, res.text).toBe(200);
    expect(res.body.ticket).toEqual({
      number: '12345',
      summary: 'Outlook keeps asking for the password',
      company: 'Harbor Dental',
      contact: 'Dana Front Desk',
      board: 'Help Desk',
      status: 'New',
      initial_description: 'Since this morning Outlook prompts for the password every few minutes.',
    });
    expect((await c.viewer.get('/api/v1/psa/tickets/12345')).status).toBe(403);
    const notNumber = await c.tech.get('/api/v1/psa/tickets/ABC-1');
    expect(notNumber.status).toBe(400);
    expect(notNumber.body.message).toContain('A ConnectWise ticket number such as 12345');
  });

  it('lookup failures: 404 → TICKET_NOT_FOUND, 401 → PSA_AUTH_FAILED, 500 → PSA_UNAVAILABLE, each with a reason', async () => {
    const missing = await c.tech.get('/api/v1/psa/tickets/99999');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({
      code: 'TICKET_NOT_FOUND',
      message: 'Ticket #99999 was not found in ConnectWise (HTTP 404)',
    });

    cw.fail('GET', /^\/service\/tickets\/12345$/, 500, 1);
    const down = await c.tech.get('/api/v1/psa/tickets/12345');
    expect(down.status).toBe(502);
    expect(down.body).toMatchObject({
      code: 'PSA_UNAVAILABLE',
      message: expect.stringContaining('ConnectWise answered HTTP 500'),
    });

    await c.owner.request('PUT', '/api/v1/psa/connection', connection({ public_key: 'SomeoneElsesKey1' }));
    const refused = await c.tech.get('/api/v1/psa/tickets/12345');
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('PSA_AUTH_FAILED');
    await c.owner.request('PUT', '/api/v1/psa/connection', connection());
    expect((await c.tech.get('/api/v1/psa/tickets/12345')).status).toBe(200);
  });

  it('member mapping: lists members with their link, links only active ConnectWise members, unlinks', async () => {
    const remote = await c.admin.get('/api/v1/psa/remote-members');
    expect(remote.status, remote.text).toBe(200);
    expect(remote.body.items).toEqual([
      { id: 11, identifier: 'jsenior', name: 'Jo Senior' },
      { id: 12, identifier: 'ttech', name: 'Toni Tech' },
    ]);
    const linked = await c.admin.request('PUT', `/api/v1/psa/members/${acct.users.tech.id}`, {
      member_id: 12,
    });
    expect(linked.status, linked.text).toBe(200);
    expect(linked.body.link).toMatchObject({
      user_id: acct.users.tech.id,
      psa_member: { id: 12, identifier: 'ttech', name: 'Toni Tech' },
    });
    const list = await c.admin.get('/api/v1/psa/members');
    expect(list.body.items).toHaveLength(5);
    expect(list.body.items.find((l: any) => l.user_id === acct.users.tech.id).psa_member.identifier).toBe(
      'ttech',
    );
    expect(list.body.items.find((l: any) => l.user_id === acct.users.owner.id).psa_member).toBeNull();

    const inactive = await c.admin.request('PUT', `/api/v1/psa/members/${acct.users.owner.id}`, {
      member_id: 13,
    });
    expect(inactive.status).toBe(400);
    expect(inactive.body).toMatchObject({
      message: 'ConnectWise member gone is inactive',
      details: { field: 'member_id' },
    });
    const unknown = await c.admin.request('PUT', `/api/v1/psa/members/${acct.users.owner.id}`, {
      member_id: 404,
    });
    expect(unknown.status).toBe(400);
    expect(
      (await c.admin.request('PUT', `/api/v1/psa/members/${acct.users.owner.id}`, { member_id: -1 })).status,
    ).toBe(400);
    expect((await c.admin.request('PUT', '/api/v1/psa/members/not-a-uuid', { member_id: 11 })).status).toBe(
      400,
    );

    expect((await c.admin.delete(`/api/v1/psa/members/${acct.users.tech.id}`)).status).toBe(204);
    expect((await c.admin.delete(`/api/v1/psa/members/${acct.users.tech.id}`)).status).toBe(404);
  });

  it('tenant isolation: another account sees no connection, cannot link this account’s users, and has its own lookups', async () => {
    const other = await createTestAccount(t.db, { owner: 'owner', tech: 'tech' }, 'Other MSP');
    const oc = await clientsFor(local.app, other.users);
    expect((await oc.owner.get('/api/v1/psa/connection')).body.connection).toBeNull();
    expect((await oc.tech.get('/api/v1/psa/status')).body.connected).toBe(false);
    expect((await oc.tech.get('/api/v1/psa/tickets/12345')).status).toBe(409);
    expect((await oc.owner.post('/api/v1/psa/connection/test')).status).toBe(409);
    expect((await oc.owner.delete('/api/v1/psa/connection')).status).toBe(404);
    // With a connection of its own, this account's users are still out of reach (404, not 403).
    await oc.owner.request('PUT', '/api/v1/psa/connection', connection());
    expect(
      (await oc.owner.request('PUT', `/api/v1/psa/members/${acct.users.tech.id}`, { member_id: 11 })).status,
    ).toBe(404);
    expect((await oc.owner.delete(`/api/v1/psa/members/${acct.users.owner.id}`)).status).toBe(404);
    expect((await oc.owner.get('/api/v1/psa/members')).body.items.map((l: any) => l.user_id).sort()).toEqual(
      [other.users.owner.id, other.users.tech.id].sort(),
    );
    // Under RLS the other account's rows are invisible even to a query without an account filter.
    const seen = await withTenant(t.db, other.accountId, (tx) =>
      tx.query<{ account_id: string }>(`SELECT account_id FROM psa_connections`),
    );
    expect(seen.rows.map((r) => r.account_id)).toEqual([other.accountId]);
    // Removing it removes its member links too, and leaves the first account's connection alone.
    expect((await oc.owner.delete('/api/v1/psa/connection')).status).toBe(204);
    expect((await c.owner.get('/api/v1/psa/connection')).body.connection).not.toBeNull();
  });
});
