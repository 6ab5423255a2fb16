import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../server/db/tenant';
import { createTestApp, testConfig, type TestApp } from '../helpers/app';
import { clientsFor, type TestClient } from '../helpers/test-client';
import { manualClock } from '../helpers/clock';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';
import { startFakeConnectWise, type FakeConnectWise } from '../helpers/fake-connectwise';
import { createTestAccount } from '../helpers/factories';
import { answerCurrent, startSession } from '../helpers/sessions';

const CREDS = {
  companyId: 'northwind',
  publicKey: 'PubKey1234abcdEF',
  privateKey: 'PrivKeyZyXw98765',
  clientId: 'c0ffee00-1111-2222-3333-444455556666',
};

/**
 * PSA writes as deliveries, under an injected clock: escalation and resolution leave rows in their
 * own transaction, the worker (kicked by hand) writes them to a local ConnectWise stand-in, and
 * failures follow the retry schedule of every delivery (30 s, 2 min, 10 min, then dead).
 */
describe(`PSA writes on escalation and resolution (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  let cw: FakeConnectWise;
  let testApp: TestApp;
  const clock = manualClock();
  let failAfterHandoffInsert = false;
  let nextTicket = 50_000;

  beforeAll(async () => {
    [t, cw] = await Promise.all([createTestDatabase(), startFakeConnectWise(CREDS)]);
    testApp = createTestApp(t.db, {
      config: testConfig({ ALLOW_PRIVATE_WEBHOOKS: 'true' }),
      clock: clock.now,
      deliveries: { sendTimeoutMs: 2_000 },
      afterHandoffInsert: () => {
        if (failAfterHandoffInsert) throw new Error('simulated failure inside the escalation transaction');
      },
    });
  });
  afterAll(async () => {
    await testApp.deliveries.stop();
    await testApp.assessments.stop();
    await cw.close();
    await t.drop();
  });

  /** The assessment first (the escalation note waits for it), then one pass of the delivery worker. */
  const deliver = async () => {
    // A pass of its own: the escalation's kick may not have started the worker yet, and idle() alone
    // would then return before the assessment exists (the note would wait 2 s on the injected clock).
    testApp.assessments.kick();
    await testApp.assessments.idle();
    testApp.deliveries.kick();
    await testApp.deliveries.idle();
  };

  type Settings = Record<string, unknown> | null;
  /** An account (owner, tech, senior) with a ConnectWise connection (unless `settings` is null) and a ticket. */
  async function setup(settings: Settings = {}) {
    const team = await createTestAccount(t.db, { owner: 'owner', tech: 'tech', senior: 'engineer' });
    const c = await clientsFor(testApp.app, team.users);
    const ticket = nextTicket++;
    cw.addTicket({
      id: ticket,
      summary: 'Outlook trying to connect',
      company: 'Harbor Dental',
      status: 'New',
    });
    if (settings) {
      const res = await c.owner.request('PUT', '/api/v1/psa/connection', {
        site_url: cw.siteUrl,
        company_id: CREDS.companyId,
        public_key: CREDS.publicKey,
        private_key: CREDS.privateKey,
        client_id: CREDS.clientId,
        ...settings,
      });
      expect(res.status, res.text).toBe(200);
    }
    const psaRows = () =>
      withTenant(t.db, team.accountId, (tx) =>
        tx.query<any>(
          `SELECT d.id, d.psa_action, d.recipient, d.status, d.attempts, d.last_error, d.next_attempt_at, d.sent_at, e.type AS event_type
           FROM deliveries d JOIN events e ON e.id = d.event_id WHERE d.channel = 'psa' ORDER BY d.created_at, d.psa_action`,
        ),
      ).then((r) => r.rows);
    const row = async (eventType: string, action: string) =>
      (await psaRows()).find((r) => r.event_type === eventType && r.psa_action === action);
    // Later tests move the clock far ahead: stop this account's leftovers from waking up there.
    const retire = () =>
      withTenant(t.db, team.accountId, (tx) =>
        tx.query(`UPDATE deliveries SET status = 'dead' WHERE status IN ('pending', 'failed')`),
      );
    return { team, c, ticket, fake: cw.tickets.get(ticket)!, psaRows, row, retire };
  }

  /** A session on `ticket` with one failed check, a fact, and then an escalation with notes. */
  async function workAndEscalate(c: Record<string, TestClient>, ticket: string | number) {
    const s = await startSession(
      c.tech!,
      'Outlook says trying to connect since this morning, webmail works fine',
      { ticket: String(ticket), client: 'Harbor Dental' },
    );
    expect((await answerCurrent(c.tech!, s)).status).toBe(200);
    expect(
      (
        await c.tech!.post(`/api/v1/sessions/${s.session.id}/facts`, {
          text: 'Webmail works for the same mailbox',
        })
      ).status,
    ).toBe(201);
    const esc = await c.tech!.post(`/api/v1/sessions/${s.session.id}/handoffs`, {
      intent: 'escalate',
      engineer_notes: 'User is the practice owner, needs it today',
    });
    expect(esc.status, esc.text).toBe(201);
    return { sessionId: s.session.id as string, handoffId: esc.body.handoff.id as string };
  }

  const resolve = (client: TestClient, sessionId: string, extra: Record<string, unknown> = {}) =>
    client.post(`/api/v1/sessions/${sessionId}/resolve`, {
      root_cause: 'Corrupt OST cache after a forced shutdown',
      resolution_summary: 'Renamed the OST and let Outlook rebuild it',
      ...extra,
    });

  it('escalation posts an internal note with the escalation package and moves the ticket to the escalated status, verified', async () => {
    const { c, ticket, fake, psaRows, retire } = await setup({ escalated_status: 'Escalated' });
    // Nothing is written before the escalation commits: a rolled-back escalation leaves no PSA rows.
    const s = await startSession(c.tech, undefined, { ticket: `#${ticket}` });
    failAfterHandoffInsert = true;
    expect(
      (await c.tech.post(`/api/v1/sessions/${s.session.id}/handoffs`, { intent: 'escalate' })).status,
    ).toBe(500);
    failAfterHandoffInsert = false;
    expect(await psaRows()).toEqual([]);

    const { sessionId } = await workAndEscalate(c, ticket);
    const pending = await psaRows();
    expect(pending.map((r) => [r.psa_action, r.status, r.recipient, r.event_type])).toEqual([
      ['note', 'pending', String(ticket), 'handoff_created'],
      ['status', 'pending', String(ticket), 'handoff_created'],
    ]);
    expect(cw.calls('POST', new RegExp(`/service/tickets/${ticket}/notes$`))).toHaveLength(0);

    await deliver();
    expect((await psaRows()).map((r) => [r.psa_action, r.status, r.attempts])).toEqual([
      ['note', 'sent', 1],
      ['status', 'sent', 1],
    ]);
    expect(fake.status.name).toBe('Escalated');
    // The status was read back after the PATCH.
    const patch = cw.calls('PATCH', new RegExp(`/service/tickets/${ticket}$`));
    expect(patch).toHaveLength(1);
    expect(patch[0]!.body).toEqual([{ op: 'replace', path: 'status', value: { name: 'Escalated' } }]);
    const reads = cw.requests.filter((r) => r.method === 'GET' && r.path === `/service/tickets/${ticket}`);
    expect(cw.requests.indexOf(reads.at(-1)!)).toBeGreaterThan(cw.requests.indexOf(patch[0]!));

    expect(fake.notes).toHaveLength(1);
    const note = fake.notes[0]!;
    expect(note).toMatchObject({
      internalAnalysisFlag: true,
      detailDescriptionFlag: false,
      resolutionFlag: false,
      processNotifications: false,
    });
    expect(note.text).toMatch(/^ESCALATED by Tech \w+ \(P3\) in ResolutionFlow/);
    expect(note.text).toContain('Problem: ');
    expect(note.text).toContain('Client: Harbor Dental');
    expect(note.text).toContain('What we have confirmed:\n- Webmail works for the same mailbox');
    expect(note.text).toMatch(/What we have tried:\n1\. .+ — (answer|outcome): /);
    expect(note.text).toMatch(/Current hypothesis: .+ \(confidence (low|medium|high)\)/);
    expect(note.text).toMatch(/Suggested next steps:\n1\. /);
    expect(note.text).toContain('Escalation notes: User is the practice owner, needs it today');
    expect(note.text).toContain(`Pick it up: http://app.test/sessions/${sessionId}?pickup=1`);
    expect(note.text).toMatch(/\[ResolutionFlow ref \d+:psa:note\]$/);
    await retire();
  });

  it('a status change ConnectWise silently ignores fails with a clear error, follows the retry schedule to dead, and Retry sends it again', async () => {
    const { c, ticket, fake, row, retire } = await setup({ escalated_status: 'Escalated' });
    cw.ignoreStatusChanges = true;
    try {
      const { sessionId } = await workAndEscalate(c, ticket);
      await deliver();
      expect((await row('handoff_created', 'note'))!.status).toBe('sent');
      for (const [i, delay] of [30_000, 120_000, 600_000].entries()) {
        const failed = await row('handoff_created', 'status');
        expect(failed).toMatchObject({
          status: 'failed',
          attempts: i + 1,
          last_error: "status change was not applied: ticket still 'New'",
        });
        expect(failed.next_attempt_at.getTime()).toBe(clock.now().getTime() + delay);
        clock.advance(delay);
        await deliver();
      }
      const dead = await row('handoff_created', 'status');
      expect(dead).toMatchObject({
        status: 'dead',
        attempts: 4,
        last_error: "status change was not applied: ticket still 'New'",
      });
      expect(cw.calls('PATCH', new RegExp(`/service/tickets/${ticket}$`))).toHaveLength(4);
      // The escalation itself never noticed.
      expect((await c.tech.get(`/api/v1/sessions/${sessionId}`)).body.session.status).toBe(
        'requesting_escalation',
      );

      const log = await c.owner.get('/api/v1/deliveries?status=dead');
      const item = log.body.items.find((d: any) => d.id === dead.id);
      expect(item).toMatchObject({
        channel: 'psa',
        psa_action: 'status',
        channel_name: 'ConnectWise',
        recipient: `Ticket #${ticket} · status change`,
        event_type: 'handoff_created',
        attempts: 4,
      });
      expect(item.last_error).toBe("status change was not applied: ticket still 'New'");

      cw.ignoreStatusChanges = false;
      const retried = await c.owner.post(`/api/v1/deliveries/${dead.id}/retry`);
      expect(retried.status).toBe(200);
      expect(retried.body.delivery).toMatchObject({ status: 'pending', channel: 'psa' });
      await deliver();
      expect(await row('handoff_created', 'status')).toMatchObject({
        status: 'sent',
        attempts: 5,
        last_error: null,
      });
      expect(fake.status.name).toBe('Escalated');
    } finally {
      cw.ignoreStatusChanges = false;
      await retire();
    }
  });

  it('a 500 is retried and a note whose answer was lost is not posted twice; 404 and 401 fail with their reason', async () => {
    const { c, ticket, fake, row, retire } = await setup();
    // ConnectWise stores the note but the answer is a 500: the retry finds the note and does not post again.
    cw.fail('POST', new RegExp(`/service/tickets/${ticket}/notes$`), 500, 1, { afterApplying: true });
    await workAndEscalate(c, ticket);
    await deliver();
    const failed = await row('handoff_created', 'note');
    expect(failed).toMatchObject({
      status: 'failed',
      attempts: 1,
      last_error: 'ConnectWise answered HTTP 500: Simulated failure 500',
    });
    expect(fake.notes).toHaveLength(1);
    clock.advance(30_000);
    await deliver();
    expect(await row('handoff_created', 'note')).toMatchObject({ status: 'sent', attempts: 2 });
    expect(fake.notes).toHaveLength(1);
    expect(cw.calls('POST', new RegExp(`/service/tickets/${ticket}/notes$`))).toHaveLength(1);

    // A ticket ConnectWise does not know: 404 with the ticket number in the reason.
    await workAndEscalate(c, 777_777);
    await deliver();
    const lost = (await deliveryLog(c)).find((d: any) => d.recipient === 'Ticket #777777 · note');
    expect(lost).toMatchObject({
      status: 'failed',
      last_error: 'Ticket #777777 was not found in ConnectWise (HTTP 404)',
    });

    // Keys ConnectWise refuses: 401, and the reason says what to check.
    await c.owner.request('PUT', '/api/v1/psa/connection', {
      site_url: cw.siteUrl,
      company_id: CREDS.companyId,
      public_key: CREDS.publicKey,
      private_key: 'RevokedKey000000',
      client_id: CREDS.clientId,
    });
    const other = nextTicket++;
    cw.addTicket({ id: other, summary: 'Printer offline', company: 'Harbor Dental' });
    await workAndEscalate(c, other);
    await deliver();
    const refused = (await deliveryLog(c)).find((d: any) => d.recipient === `Ticket #${other} · note`);
    expect(refused.status).toBe('failed');
    expect(refused.last_error).toContain('ConnectWise refused the credentials (HTTP 401)');
    expect(JSON.stringify(await deliveryLog(c))).not.toContain('RevokedKey000000');
    await retire();
  });

  const deliveryLog = async (c: Record<string, TestClient>) =>
    (await c.owner!.get('/api/v1/deliveries?limit=200')).body.items as any[];

  it('the escalation note waits for the assessment without counting attempts, and goes without it after the deadline', async () => {
    const { c, ticket, fake, team, row, retire } = await setup();
    const { handoffId } = await workAndEscalate(c, ticket);
    await testApp.assessments.idle();
    // As if the assessment were still being generated.
    await withTenant(t.db, team.accountId, (tx) =>
      tx.query(`UPDATE handoffs SET assessment_status = 'pending', assessment = NULL WHERE id = $1`, [
        handoffId,
      ]),
    );
    testApp.deliveries.kick();
    await testApp.deliveries.idle();
    const waiting = await row('handoff_created', 'note');
    expect(waiting).toMatchObject({ status: 'pending', attempts: 0 });
    expect(waiting.next_attempt_at.getTime()).toBe(clock.now().getTime() + 2_000);
    expect(fake.notes).toHaveLength(0);
    clock.advance(5_000 + 10_000);
    testApp.deliveries.kick();
    await testApp.deliveries.idle();
    expect(await row('handoff_created', 'note')).toMatchObject({ status: 'sent', attempts: 1 });
    expect(fake.notes[0]!.text).toContain(
      'Current hypothesis: not available (the assessment was not ready in time)',
    );
    await retire();
  });

  it('resolve posts a customer-visible resolution note, the verified resolved status and a time entry under the resolver’s member', async () => {
    const { c, team, ticket, fake, row, retire } = await setup({
      escalated_status: 'Escalated',
      resolved_status: 'Resolved',
      resolution_note_visibility: 'customer',
      post_time_entry: true,
    });
    expect(
      (await c.owner.request('PUT', `/api/v1/psa/members/${team.users.senior.id}`, { member_id: 11 })).status,
    ).toBe(200);
    const { sessionId, handoffId } = await workAndEscalate(c, ticket);
    expect((await c.senior.post(`/api/v1/handoffs/${handoffId}/claim`)).status).toBe(200);
    const resolved = await resolve(c.senior, sessionId, { time_hours: 1.5 });
    expect(resolved.status, resolved.text).toBe(200);
    await deliver();
    for (const action of ['note', 'status', 'time_entry'])
      expect((await row('session_resolved', action))?.status, action).toBe('sent');
    expect(fake.status.name).toBe('Resolved');
    // The escalation's status change was still waiting: the resolution's replaces it, so the ticket
    // cannot end up back in "Escalated".
    expect(await row('handoff_created', 'status')).toMatchObject({
      status: 'dead',
      attempts: 0,
      last_error: `Skipped: a later status change of ticket #${ticket} replaces this one`,
    });
    expect(
      cw.calls('PATCH', new RegExp(`/service/tickets/${ticket}$`)).map((r) => r.body[0].value.name),
    ).toEqual(['Resolved']);

    const resolution = fake.notes.find((n) => n.text.startsWith('RESOLVED'))!;
    expect(resolution).toMatchObject({
      resolutionFlag: true,
      internalAnalysisFlag: false,
      processNotifications: true,
    });
    expect(resolution.text).toContain(`RESOLVED by Senior`);
    expect(resolution.text).toContain('Cause: Corrupt OST cache after a forced shutdown');
    expect(resolution.text).toContain('Resolution: Renamed the OST and let Outlook rebuild it');
    // What the customer sees leaves out the internal record.
    expect(resolution.text).not.toContain('What we checked');
    expect(resolution.text).not.toContain('http://app.test');
    expect(fake.notes.find((n) => n.text.startsWith('ESCALATED'))!.internalAnalysisFlag).toBe(true);

    const entries = cw.timeEntries.filter((e) => e.chargeToId === ticket);
    expect(entries).toHaveLength(1);
    const entry = entries[0]!;
    expect(entry).toMatchObject({
      chargeToType: 'ServiceTicket',
      member: { id: 11, identifier: 'jsenior' },
      actualHours: 1.5,
    });
    expect(Date.parse(entry.timeEnd) - Date.parse(entry.timeStart)).toBe(1.5 * 3_600_000);
    expect(Date.parse(entry.timeEnd)).toBe(Math.floor(clock.now().getTime() / 1000) * 1000);
    expect(entry.notes).toMatch(/\[ResolutionFlow ref \d+:psa:time_entry\]/);

    // Hours are quarter hours within a day, or the resolve is refused and nothing changes.
    const other = await startSession(c.tech, undefined, { ticket: String(ticket) });
    for (const bad of [0.1, 0, 30, 'two'])
      expect((await resolve(c.tech, other.session.id, { time_hours: bad })).status).toBe(400);
    expect((await c.tech.get(`/api/v1/sessions/${other.session.id}`)).body.session.status).toBe('active');
    await retire();
  });

  it('an internal resolution note carries the steps; a resolver without a member link gets a dead time entry that Retry books after linking', async () => {
    const { c, team, ticket, fake, row, retire } = await setup({ post_time_entry: true });
    const s = await startSession(c.tech, undefined, { ticket: String(ticket) });
    expect((await answerCurrent(c.tech, s)).status).toBe(200);
    clock.advance(50 * 60_000);
    expect((await resolve(c.tech, s.session.id)).status).toBe(200);
    await deliver();
    const note = fake.notes.find((n) => n.text.startsWith('RESOLVED'))!;
    expect(note).toMatchObject({ internalAnalysisFlag: true, resolutionFlag: false });
    expect(note.text).toMatch(/What we checked:\n1\. /);
    expect(note.text).toContain('Time spent: 1.00 h');
    expect(note.text).toContain(`Session: http://app.test/sessions/${s.session.id}`);
    // No resolved status configured: no status row.
    expect(await row('session_resolved', 'status')).toBeUndefined();

    const dead = await row('session_resolved', 'time_entry');
    expect(dead).toMatchObject({ status: 'dead', attempts: 0 });
    expect(dead.last_error).toContain('is not linked to a ConnectWise member');
    expect(cw.timeEntries.filter((e) => e.chargeToId === ticket)).toHaveLength(0);

    expect(
      (await c.owner.request('PUT', `/api/v1/psa/members/${team.users.tech.id}`, { member_id: 12 })).status,
    ).toBe(200);
    expect((await c.owner.post(`/api/v1/deliveries/${dead.id}/retry`)).status).toBe(200);
    await deliver();
    expect(await row('session_resolved', 'time_entry')).toMatchObject({ status: 'sent', attempts: 1 });
    // Default hours: the session's time spent, rounded up to the quarter hour.
    expect(cw.timeEntries.find((e) => e.chargeToId === ticket)).toMatchObject({
      member: { id: 12 },
      actualHours: 1,
    });
    await retire();
  });

  it('without a connection, with it switched off, or with a ticket that is not a PSA number, everything stays local', async () => {
    const none = await setup(null);
    const off = await setup({
      enabled: false,
      escalated_status: 'Escalated',
      resolved_status: 'Resolved',
      post_time_entry: true,
    });
    const notNumber = await setup({ escalated_status: 'Escalated' });
    for (const [team, ticket] of [
      [none, none.ticket],
      [off, off.ticket],
      [notNumber, 'INC-4411'],
    ] as const) {
      const { sessionId } = await workAndEscalate(team.c, ticket);
      expect(
        (
          await team.c.senior.post(
            `/api/v1/handoffs/${(await team.c.tech.get(`/api/v1/sessions/${sessionId}/handoffs`)).body.items[0].id}/claim`,
          )
        ).status,
      ).toBe(200);
      expect((await resolve(team.c.senior, sessionId)).status).toBe(200);
      expect(await team.psaRows()).toEqual([]);
      const events = await withTenant(t.db, team.team.accountId, (tx) =>
        tx.query(`SELECT 1 FROM events WHERE type = 'session_resolved'`),
      );
      expect(events.rows).toHaveLength(0);
    }
    await deliver();
    expect(
      cw
        .calls('POST', /notes$/)
        .filter((r) => [none.ticket, off.ticket].some((n) => r.path.includes(String(n)))),
    ).toHaveLength(0);
  });

  it('a PSA that is down never blocks escalation or resolution; a connection removed meanwhile ends its writes as dead', async () => {
    const { c, ticket, psaRows, retire } = await setup({
      escalated_status: 'Escalated',
      resolved_status: 'Resolved',
    });
    cw.fail('POST', /.*/, 500);
    cw.fail('PATCH', /.*/, 500);
    try {
      const { sessionId } = await workAndEscalate(c, ticket);
      await deliver();
      expect((await psaRows()).map((r) => r.status)).toEqual(['failed', 'failed']);
      expect((await resolve(c.tech, sessionId)).status).toBe(200);
    } finally {
      cw.clearFailures();
    }
    expect((await c.owner.delete('/api/v1/psa/connection')).status).toBe(204);
    clock.advance(30_000);
    await deliver();
    const rows = await psaRows();
    expect(rows).toHaveLength(4);
    for (const r of rows)
      expect(r).toMatchObject({ status: 'dead', last_error: 'The PSA connection was removed' });
    await retire();
  });

  it('status changes of one ticket land in order: a newer one waits while an older one is on the wire', async () => {
    const { c, team, ticket, fake, row, retire } = await setup({
      escalated_status: 'Escalated',
      resolved_status: 'Resolved',
    });
    const { sessionId } = await workAndEscalate(c, ticket);
    // As if another worker were sending the escalation's status change right now.
    await withTenant(t.db, team.accountId, (tx) =>
      tx.query(
        `UPDATE deliveries SET leased_until = $1, lease_token = gen_random_uuid() WHERE channel = 'psa' AND psa_action = 'status'`,
        [new Date(clock.now().getTime() + 60_000)],
      ),
    );
    expect((await resolve(c.tech, sessionId)).status).toBe(200);
    await deliver();
    const waiting = await row('session_resolved', 'status');
    expect(waiting).toMatchObject({ status: 'pending', attempts: 0 });
    expect(waiting.next_attempt_at.getTime()).toBe(clock.now().getTime() + 2_000);
    expect(fake.status.name).toBe('New');
    // That worker's lease runs out; the older change is then obsolete and the newer one goes out.
    clock.advance(60_000);
    await deliver();
    expect(await row('handoff_created', 'status')).toMatchObject({
      status: 'dead',
      last_error: expect.stringContaining('Skipped'),
    });
    expect(await row('session_resolved', 'status')).toMatchObject({ status: 'sent', attempts: 1 });
    expect(fake.status.name).toBe('Resolved');
    await retire();
  });

  it('PSA rows are tenant data: another account neither sees nor retries them', async () => {
    const { c, ticket, psaRows, retire } = await setup({ escalated_status: 'Escalated' });
    cw.fail('PATCH', new RegExp(`/service/tickets/${ticket}$`), 500, 1);
    await workAndEscalate(c, ticket);
    await deliver();
    const failed = (await psaRows()).find((r) => r.psa_action === 'status');
    expect(failed.status).toBe('failed');
    const stranger = await createTestAccount(t.db, { owner: 'owner' });
    const sc = (await clientsFor(testApp.app, stranger.users)).owner;
    expect((await sc.get('/api/v1/deliveries')).body.items).toEqual([]);
    expect((await sc.post(`/api/v1/deliveries/${failed.id}/retry`)).status).toBe(404);
    const seen = await withTenant(t.db, stranger.accountId, (tx) =>
      tx.query(`SELECT id FROM deliveries WHERE channel = 'psa'`),
    );
    expect(seen.rows).toEqual([]);
    expect((await c.tech.get('/api/v1/deliveries')).status).toBe(403);
    await retire();
  });
});
