import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../server/db/tenant';
import { createTestApp, testConfig, type TestApp } from '../helpers/app';
import { manualClock } from '../helpers/clock';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';
import { startFakeConnectWise, type FakeConnectWise } from '../helpers/fake-connectwise';
import { haloKit, HALO_CREDS } from '../helpers/fake-psa-kits';
import type { FakeHaloPsa } from '../helpers/fake-halopsa';
import { createTestAccount } from '../helpers/factories';
import { answerCurrent, startSession } from '../helpers/sessions';
import { clientsFor, type TestClient } from '../helpers/test-client';

const CW = {
  companyId: 'switchco',
  publicKey: 'SwitchPub1234abcd',
  privateKey: 'SwitchPriv9876wxyz',
  clientId: 'switch-client-0001',
};

/**
 * An account moving from ConnectWise to HaloPSA (SPEC §17): the history stays (delivery log,
 * member links marked by provider), writes still waiting for ConnectWise are cancelled with the
 * reason in the log, and nothing is sent to ConnectWise after the switch — nor are its writes sent
 * to HaloPSA, whose tickets are others.
 */
describe(`Switching PSA provider (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  let app: TestApp;
  let cw: FakeConnectWise;
  let halo: Awaited<ReturnType<typeof haloKit>>;
  let haloFake: FakeHaloPsa;
  const clock = manualClock();

  beforeAll(async () => {
    [t, cw, halo] = await Promise.all([createTestDatabase(), startFakeConnectWise(CW), haloKit()]);
    haloFake = halo.fake;
    app = createTestApp(t.db, {
      config: testConfig({ ALLOW_PRIVATE_WEBHOOKS: 'true' }),
      clock: clock.now,
      deliveries: { sendTimeoutMs: 2_000 },
    });
  });
  afterAll(async () => {
    await app.deliveries.stop();
    await app.assessments.stop();
    await Promise.all([cw.close(), halo.close()]);
    await t.drop();
  });

  const deliver = async () => {
    app.assessments.kick();
    await app.assessments.idle();
    app.deliveries.kick();
    await app.deliveries.idle();
  };

  async function escalate(c: Record<string, TestClient>, ticket: number) {
    const s = await startSession(c.tech!, 'Scanner cannot reach the file share since the NAS update', {
      ticket: String(ticket),
    });
    expect((await answerCurrent(c.tech!, s)).status).toBe(200);
    const esc = await c.tech!.post(`/api/v1/sessions/${s.session.id}/handoffs`, { intent: 'escalate' });
    expect(esc.status, esc.text).toBe(201);
  }

  it('keeps the history, cancels writes meant for ConnectWise, and never sends them to either PSA', async () => {
    const team = await createTestAccount(t.db, { owner: 'owner', tech: 'tech' });
    const c = await clientsFor(app.app, team.users);
    const rows = () =>
      withTenant(t.db, team.accountId, (tx) =>
        tx.query<any>(
          `SELECT id, psa_action, psa_provider, recipient, status, attempts, last_error FROM deliveries
           WHERE channel = 'psa' ORDER BY created_at, psa_action`,
        ),
      ).then((r) => r.rows);

    // ConnectWise: one member link, one escalation whose note keeps failing.
    const connected = await c.owner.request('PUT', '/api/v1/psa/connection', {
      site_url: cw.siteUrl,
      company_id: CW.companyId,
      public_key: CW.publicKey,
      private_key: CW.privateKey,
      client_id: CW.clientId,
      escalated_status: 'Escalated',
    });
    expect(connected.status, connected.text).toBe(200);
    expect(
      (await c.owner.request('PUT', `/api/v1/psa/members/${team.users.tech.id}`, { member_id: 12 })).status,
    ).toBe(200);
    cw.addTicket({ id: 4_401, summary: 'Scanner to folder fails', company: 'Harbor Dental' });
    cw.fail('POST', /^\/service\/tickets\/4401\/notes$/, 500);
    await escalate(c, 4_401);
    await deliver();
    const before = await rows();
    expect(before.map((r) => [r.psa_action, r.psa_provider, r.status])).toEqual([
      ['note', 'connectwise', 'failed'],
      ['status', 'connectwise', 'sent'],
    ]);
    // A history import waiting to run reads ConnectWise ids: the switch ends it.
    const queued = await c.owner.post('/api/v1/psa/history-import', {});
    expect(queued.status, queued.text).toBe(202);

    // Switching needs the new PSA's secret; a refused switch changes nothing.
    const haloConnection = {
      provider: 'halopsa',
      site_url: haloFake.apiUrl,
      auth_url: haloFake.authUrl,
      client_id: HALO_CREDS.clientId,
      tenant: HALO_CREDS.tenant,
      escalated_status: 'Escalated',
    };
    const noSecret = await c.owner.request('PUT', '/api/v1/psa/connection', haloConnection);
    expect(noSecret.status).toBe(400);
    expect(noSecret.body.message).toBe('Switching to HaloPSA needs its client secret');
    expect((await c.owner.get('/api/v1/psa/connection')).body.connection.provider).toBe('connectwise');
    expect((await rows())[0].status).toBe('failed');

    const switched = await c.owner.request('PUT', '/api/v1/psa/connection', {
      ...haloConnection,
      client_secret: HALO_CREDS.clientSecret,
    });
    expect(switched.status, switched.text).toBe(200);
    expect(switched.body.connection).toMatchObject({
      provider: 'halopsa',
      site_url: haloFake.apiUrl,
      company_id: null,
      public_key: null,
      has_private_key: false,
      has_secret: true,
      last_test: null,
    });
    // The ConnectWise keys are gone from the row.
    const row = await withTenant(t.db, team.accountId, (tx) =>
      tx.query<any>(`SELECT * FROM psa_connections WHERE account_id = $1`, [team.accountId]),
    );
    expect(row.rows[0]).toMatchObject({
      public_key_encrypted: null,
      private_key_encrypted: null,
      company_id: null,
    });

    // The waiting ConnectWise write is cancelled, with the reason in the log.
    const cancelled = (await rows())[0];
    expect(cancelled).toMatchObject({ psa_action: 'note', psa_provider: 'connectwise', status: 'dead' });
    expect(cancelled.last_error).toBe(
      'Cancelled: the account switched from ConnectWise to HaloPSA; this write was meant for ConnectWise and is sent to neither',
    );
    const history = await c.owner.get(`/api/v1/psa/history-import/${queued.body.import.id}`);
    expect(history.body.import).toMatchObject({
      status: 'failed',
      error: 'The account switched from ConnectWise to HaloPSA',
    });

    // Nothing reaches either PSA for it, not even when an admin presses Retry.
    const cwRequests = cw.requests.length;
    const haloActions = haloFake.calls('POST', /^\/api\/actions$/).length;
    clock.advance(3_600_000);
    await deliver();
    const retried = await c.owner.post(`/api/v1/deliveries/${cancelled.id}/retry`);
    expect(retried.status, retried.text).toBe(200);
    await deliver();
    const again = (await rows())[0];
    expect(again.status).toBe('dead');
    expect(again.last_error).toBe(
      'Cancelled: this write was meant for ConnectWise, and the account now uses HaloPSA; it is sent to neither',
    );
    expect(cw.requests.length).toBe(cwRequests);
    expect(haloFake.calls('POST', /^\/api\/actions$/).length).toBe(haloActions);

    // Member links are kept per provider: the ConnectWise one stays on record, HaloPSA starts empty.
    const links = await c.owner.get('/api/v1/psa/members');
    expect(links.body.items.find((l: any) => l.user_id === team.users.tech.id).psa_member).toBeNull();
    expect(
      (await c.owner.request('PUT', `/api/v1/psa/members/${team.users.tech.id}`, { member_id: 32 })).status,
    ).toBe(200);
    const stored = await withTenant(t.db, team.accountId, (tx) =>
      tx.query<any>(`SELECT provider, member_id FROM psa_member_links WHERE user_id = $1 ORDER BY provider`, [
        team.users.tech.id,
      ]),
    );
    expect(stored.rows).toEqual([
      { provider: 'connectwise', member_id: 12 },
      { provider: 'halopsa', member_id: 32 },
    ]);

    // New writes go to HaloPSA; the log names each row's PSA.
    halo.addTicket(4_402, 'Scanner to folder fails', 'Since the NAS update');
    await escalate(c, 4_402);
    await deliver();
    const after = (await rows()).filter((r) => r.recipient === '4402');
    expect(after.map((r) => [r.psa_action, r.psa_provider, r.status])).toEqual([
      ['note', 'halopsa', 'sent'],
      ['status', 'halopsa', 'sent'],
    ]);
    expect(halo.statusOf(4_402)).toBe('Escalated');
    expect(cw.requests.length).toBe(cwRequests);
    const log = await c.owner.get('/api/v1/deliveries');
    const names = Object.fromEntries(log.body.items.map((d: any) => [d.id, d.channel_name]));
    expect(names[cancelled.id]).toBe('ConnectWise');
    expect(names[after[0]!.id]).toBe('HaloPSA');

    const audit = await withTenant(t.db, team.accountId, (tx) =>
      tx.query<any>(`SELECT details FROM audit_log WHERE action = 'psa.connection_updated' ORDER BY id`),
    );
    expect(audit.rows.at(-1).details).toMatchObject({
      provider: 'halopsa',
      switched_from: 'connectwise',
      writes_cancelled: 1,
    });
    expect(JSON.stringify(audit.rows)).not.toContain(HALO_CREDS.clientSecret);
  });
});
