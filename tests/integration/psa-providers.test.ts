import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../server/db/tenant';
import { autotaskProvider } from '../../server/modules/psa/autotask/autotask.provider';
import { PsaError } from '../../server/modules/psa/provider';
import { createTestApp, testConfig, type TestApp } from '../helpers/app';
import { manualClock } from '../helpers/clock';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';
import { AT_PUBLISH } from '../helpers/fake-autotask';
import { AT_CREDS, autotaskKit, haloKit, type PsaKit } from '../helpers/fake-psa-kits';
import { createTestAccount } from '../helpers/factories';
import { answerCurrent, startSession } from '../helpers/sessions';
import { clientsFor, type TestClient } from '../helpers/test-client';

const DAY = 86_400_000;

/**
 * HaloPSA and Autotask through the product's API, each against its local stand-in (SPEC §17): the
 * same connection, lookup, delivery and history-import behaviour ConnectWise has, with each PSA's
 * own way of authenticating, writing notes, changing status and booking time.
 */
describe(`PSA providers HaloPSA and Autotask (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  let app: TestApp;
  const kits = {} as Record<'halopsa' | 'autotask', PsaKit>;
  const clock = manualClock();
  let nextTicket = 70_000;

  beforeAll(async () => {
    const [db, halo, at] = await Promise.all([createTestDatabase(), haloKit(), autotaskKit()]);
    t = db;
    kits.halopsa = halo;
    kits.autotask = at;
    app = createTestApp(t.db, {
      config: testConfig({ ALLOW_PRIVATE_WEBHOOKS: 'true', ...at.env }),
      clock: clock.now,
      deliveries: { sendTimeoutMs: 2_000 },
      psaHistory: { pageSize: 4, retry: { maxWaitMs: 200, backoffMs: 10 } },
    });
  });
  afterAll(async () => {
    await app.deliveries.stop();
    await app.assessments.stop();
    await Promise.all(Object.values(kits).map((k) => k.close()));
    await t.drop();
  });

  const deliver = async () => {
    app.assessments.kick();
    await app.assessments.idle();
    app.deliveries.kick();
    await app.deliveries.idle();
  };

  async function account(kit: PsaKit, settings: Record<string, unknown> | null = {}) {
    const team = await createTestAccount(t.db, {
      owner: 'owner',
      tech: 'tech',
      senior: 'engineer',
      viewer: 'viewer',
    });
    const c = await clientsFor(app.app, team.users);
    if (settings) {
      const res = await c.owner.request('PUT', '/api/v1/psa/connection', kit.connection(settings));
      expect(res.status, res.text).toBe(200);
    }
    const rows = () =>
      withTenant(t.db, team.accountId, (tx) =>
        tx.query<any>(
          `SELECT d.id, d.psa_action, d.psa_provider, d.recipient, d.status, d.attempts, d.last_error, e.type AS event_type
           FROM deliveries d JOIN events e ON e.id = d.event_id WHERE d.channel = 'psa' ORDER BY d.created_at, d.psa_action`,
        ),
      ).then((r) => r.rows);
    const retire = () =>
      withTenant(t.db, team.accountId, (tx) =>
        tx.query(`UPDATE deliveries SET status = 'dead' WHERE status IN ('pending', 'failed')`),
      );
    return { team, c, rows, retire };
  }

  function ticketFor(kit: PsaKit) {
    const id = nextTicket++;
    kit.addTicket(
      id,
      'Outlook keeps asking for the password',
      'Since this morning Outlook prompts every few minutes.',
    );
    return id;
  }

  async function escalate(c: Record<string, TestClient>, ticket: number) {
    const s = await startSession(
      c.tech!,
      'Outlook says trying to connect since this morning, webmail works',
      {
        ticket: String(ticket),
      },
    );
    expect((await answerCurrent(c.tech!, s)).status).toBe(200);
    const esc = await c.tech!.post(`/api/v1/sessions/${s.session.id}/handoffs`, { intent: 'escalate' });
    expect(esc.status, esc.text).toBe(201);
    return s.session.id as string;
  }

  for (const name of ['halopsa', 'autotask'] as const) {
    describe(name, () => {
      const kit = () => kits[name];

      it('connects with the provider’s own fields, seals the secrets, and tests the connection', async () => {
        const k = kit();
        const { team, c } = await account(k, null);
        // A new connection needs the secret; bad fields are 400s naming the field; nothing is stored.
        const noSecret = await c.owner.request('PUT', '/api/v1/psa/connection', {
          ...k.connection(),
          [k.secretField]: undefined,
        });
        expect(noSecret.status, noSecret.text).toBe(400);
        expect(noSecret.body.details).toMatchObject({ field: k.secretField });
        const badProvider = await c.owner.request('PUT', '/api/v1/psa/connection', {
          ...k.connection(),
          provider: 'freshdesk',
        });
        expect(badProvider.status).toBe(400);
        const badField =
          name === 'halopsa'
            ? await c.owner.request('PUT', '/api/v1/psa/connection', k.connection({ tenant: 'two words' }))
            : await c.owner.request(
                'PUT',
                '/api/v1/psa/connection',
                k.connection({ username: 'not an email' }),
              );
        expect(badField.status).toBe(400);
        expect((await c.owner.get('/api/v1/psa/connection')).body.connection).toBeNull();
        // Only admins and owners.
        expect((await c.tech.request('PUT', '/api/v1/psa/connection', k.connection())).status).toBe(403);
        expect((await c.tech.get('/api/v1/psa/choices')).status).toBe(403);

        const saved = await c.owner.request(
          'PUT',
          '/api/v1/psa/connection',
          k.connection({ escalated_status: 'Escalated' }),
        );
        expect(saved.status, saved.text).toBe(200);
        expect(saved.body.connection).toMatchObject({
          provider: name,
          has_secret: true,
          escalated_status: 'Escalated',
        });
        const secret = String(k.connection()[k.secretField]);
        expect(saved.text).not.toContain(secret);
        const stored = await withTenant(t.db, team.accountId, (tx) =>
          tx.query<any>(`SELECT * FROM psa_connections WHERE account_id = $1`, [team.accountId]),
        );
        expect(JSON.stringify(stored.rows[0])).not.toContain(secret);
        expect(stored.rows[0].secret_encrypted).toEqual(expect.any(String));
        const tested = await c.owner.post('/api/v1/psa/connection/test');
        expect(tested.body).toMatchObject({ ok: true });
        expect((await c.owner.get('/api/v1/psa/connection')).body.connection.last_test).toMatchObject({
          ok: true,
        });
        expect((await c.viewer.get('/api/v1/psa/status')).body).toEqual({
          connected: true,
          provider: name,
          time_entries: false,
        });

        // The pickers show what the tenant lists.
        const choices = await c.owner.get('/api/v1/psa/choices');
        expect(choices.status, choices.text).toBe(200);
        expect(choices.body).toEqual({ provider: name, statuses: k.statuses, note_types: k.noteTypes });

        // An update without the secret keeps it; a wrong one is reported as the PSA answers it.
        const kept = await c.owner.request('PUT', '/api/v1/psa/connection', {
          ...k.connection(),
          [k.secretField]: undefined,
        });
        expect(kept.status, kept.text).toBe(200);
        expect((await c.owner.post('/api/v1/psa/connection/test')).body.ok).toBe(true);
        expect((await c.owner.request('PUT', '/api/v1/psa/connection', k.wrongSecret())).status).toBe(200);
        const refused = await c.owner.post('/api/v1/psa/connection/test');
        expect(refused.body.ok).toBe(false);
        expect(refused.body.error).toContain(`${k.label} refused the credentials`);
        expect(refused.text).not.toContain('not-the-secret');
      });

      it('looks a ticket up for intake; 404, 401, 429 and 500 answer with a reason', async () => {
        const k = kit();
        const { c } = await account(k);
        const ticket = ticketFor(k);
        const found = await c.tech.get(`/api/v1/psa/tickets/${ticket}`);
        expect(found.status, found.text).toBe(200);
        expect(found.body.ticket).toEqual({
          number: String(ticket),
          summary: 'Outlook keeps asking for the password',
          company: 'Harbor Dental',
          contact: 'Dana Front Desk',
          board: 'Service Desk',
          status: 'New',
          initial_description: 'Since this morning Outlook prompts every few minutes.',
        });
        expect((await c.viewer.get(`/api/v1/psa/tickets/${ticket}`)).status).toBe(403);

        const missing = await c.tech.get('/api/v1/psa/tickets/999999');
        expect(missing.status).toBe(404);
        expect(missing.body.code).toBe('TICKET_NOT_FOUND');
        expect(missing.body.message).toContain('999999');

        try {
          k.fail('GET', k.paths.ticket, 404, 1);
          expect((await c.tech.get(`/api/v1/psa/tickets/${ticket}`)).body.code).toBe('TICKET_NOT_FOUND');
          // Two 401s: HaloPSA's one token refresh does not help either.
          k.fail('GET', k.paths.ticket, 401, 2);
          const unauthorised = await c.tech.get(`/api/v1/psa/tickets/${ticket}`);
          expect([unauthorised.status, unauthorised.body.code]).toEqual([422, 'PSA_AUTH_FAILED']);
          k.clearFailures();
          k.fail('GET', k.paths.ticket, 500, 1);
          const broken = await c.tech.get(`/api/v1/psa/tickets/${ticket}`);
          expect([broken.status, broken.body.code]).toEqual([502, 'PSA_UNAVAILABLE']);
          expect(broken.body.message).toContain(`${k.label} answered HTTP 500`);
          k.rateLimit('GET', k.paths.ticket, 1, '1');
          const limited = await c.tech.get(`/api/v1/psa/tickets/${ticket}`);
          expect([limited.status, limited.body.code]).toEqual([502, 'PSA_UNAVAILABLE']);
          expect(limited.body.message).toBe(
            `${k.label} is limiting the request rate (HTTP 429); it asked to wait 1 s`,
          );
          // Within the wait nothing more is sent: the answer says so, without asking the PSA.
          const before = k.requestCount();
          const held = await c.tech.get(`/api/v1/psa/tickets/${ticket}`);
          expect(held.status).toBe(502);
          expect(held.body.message).toMatch(/request not sent: it asked to wait/);
          expect(k.requestCount()).toBe(before);
          await new Promise((r) => setTimeout(r, 1_100));
          expect((await c.tech.get(`/api/v1/psa/tickets/${ticket}`)).status).toBe(200);
        } finally {
          k.clearFailures();
        }
      });

      it('escalation writes an internal note and the status, verified by reading back; an ignored status change is reported as not applied', async () => {
        const k = kit();
        const { c, rows, retire } = await account(k, { escalated_status: 'Escalated' });
        const ticket = ticketFor(k);
        await escalate(c, ticket);
        await deliver();
        expect((await rows()).map((r) => [r.psa_action, r.psa_provider, r.status])).toEqual([
          ['note', name, 'sent'],
          ['status', name, 'sent'],
        ]);
        expect(k.statusOf(ticket)).toBe('Escalated');
        const notes = k.notesOf(ticket);
        expect(notes).toHaveLength(1);
        expect(notes[0]!.internal).toBe(true);
        expect(notes[0]!.text).toMatch(/^ESCALATED by Tech \w+ \(P3\) in ResolutionFlow/);
        expect(notes[0]!.text).toMatch(/\[ResolutionFlow ref \d+:psa:note\]$/);
        await retire();

        const second = ticketFor(k);
        k.ignoreStatusChanges = true;
        try {
          await escalate(c, second);
          await deliver();
          const failed = (await rows()).filter((r) => r.recipient === String(second));
          expect(failed.map((r) => [r.psa_action, r.status])).toEqual([
            ['note', 'sent'],
            ['status', 'failed'],
          ]);
          expect(failed[1]!.last_error).toBe("status change was not applied: ticket still 'New'");
          const log = await c.owner.get('/api/v1/deliveries');
          expect(log.body.items.find((d: any) => d.id === failed[1]!.id)).toMatchObject({
            channel_name: k.label,
            recipient: `Ticket #${second} · status change`,
          });
        } finally {
          k.ignoreStatusChanges = false;
          await retire();
        }
      });

      it('resolution writes the customer-visible note, the status and a time entry under the linked member', async () => {
        const k = kit();
        const { team, c, rows, retire } = await account(k, {
          resolved_status: 'Resolved',
          resolution_note_visibility: 'customer',
          post_time_entry: true,
        });
        // Members come from the PSA; inactive ones cannot be linked.
        const members = await c.owner.get('/api/v1/psa/remote-members');
        expect(members.status, members.text).toBe(200);
        expect(members.body.items.map((m: any) => m.id)).toContain(k.member);
        expect(members.body.items.map((m: any) => m.id)).not.toContain(k.inactiveMember);
        const inactive = await c.owner.request('PUT', `/api/v1/psa/members/${team.users.tech.id}`, {
          member_id: k.inactiveMember,
        });
        expect(inactive.status).toBe(400);
        const linked = await c.owner.request('PUT', `/api/v1/psa/members/${team.users.tech.id}`, {
          member_id: k.member,
        });
        expect(linked.status, linked.text).toBe(200);
        expect(linked.body.link.psa_member).toMatchObject({ id: k.member });

        const ticket = ticketFor(k);
        const sessionId = await escalate(c, ticket);
        await deliver();
        await retire();
        const resolved = await c.tech.post(`/api/v1/sessions/${sessionId}/resolve`, {
          root_cause: 'Corrupt OST cache',
          resolution_summary: 'Rebuilt the OST',
          time_hours: 1.5,
        });
        expect(resolved.status, resolved.text).toBe(200);
        await deliver();
        const written = (await rows()).filter((r) => r.event_type === 'session_resolved');
        expect(written.map((r) => [r.psa_action, r.status, r.last_error])).toEqual([
          ['note', 'sent', null],
          ['status', 'sent', null],
          ['time_entry', 'sent', null],
        ]);
        expect(k.statusOf(ticket)).toBe('Resolved');
        const resolution = k.notesOf(ticket).find((n) => n.text.startsWith('RESOLVED by'))!;
        expect(resolution.internal).toBe(false);
        expect(resolution.text).toContain('Resolution: Rebuilt the OST');
        const time = k.timeOf(ticket);
        expect(time).toHaveLength(1);
        expect(time[0]).toMatchObject({ hours: 1.5, member: k.member });
        expect(time[0]!.text).toMatch(/\[ResolutionFlow ref \d+:psa:time_entry\]$/);
      });

      it('a 429 on a write is kept in the delivery log with the wait the PSA asked for, and the retry writes once', async () => {
        const k = kit();
        const { c, rows, retire } = await account(k);
        const ticket = ticketFor(k);
        k.rateLimit(k.paths.writeNoteMethod, k.paths.writeNote, 1, '2');
        try {
          await escalate(c, ticket);
          await deliver();
          const [note] = await rows();
          expect(note).toMatchObject({ psa_action: 'note', status: 'failed', attempts: 1 });
          expect(note.last_error).toBe(
            `${k.label} is limiting the request rate (HTTP 429); it asked to wait 2 s`,
          );
          const log = await c.owner.get('/api/v1/deliveries');
          expect(log.body.items.find((d: any) => d.id === note.id).last_error).toContain('HTTP 429');
          // Its retry comes due within the wait the PSA asked for: put off, no attempt spent, nothing sent.
          const sentBefore = k.requestCount();
          clock.advance(30_000);
          await deliver();
          expect((await rows())[0]).toMatchObject({ status: 'failed', attempts: 1 });
          expect(k.requestCount()).toBe(sentBefore);
          await new Promise((r) => setTimeout(r, 2_100));
          clock.advance(5_000);
          await deliver();
          expect((await rows())[0]).toMatchObject({ status: 'sent', attempts: 2 });
          expect(k.notesOf(ticket)).toHaveLength(1);
        } finally {
          k.clearFailures();
          await retire();
        }
      });

      it('a 500 on a write is retried on the delivery schedule; a write whose answer was lost is not made twice', async () => {
        const k = kit();
        const { c, rows, retire } = await account(k);
        const ticket = ticketFor(k);
        const fake = (k as unknown as { fake: { fail: (...a: unknown[]) => void } }).fake;
        fake.fail(k.paths.writeNoteMethod, k.paths.writeNote, 500, 1, { afterApplying: true });
        try {
          await escalate(c, ticket);
          await deliver();
          const [note] = await rows();
          expect(note).toMatchObject({ status: 'failed', attempts: 1 });
          expect(note.last_error).toContain(`${k.label} answered HTTP 500`);
          clock.advance(30_000);
          await deliver();
          expect((await rows())[0]).toMatchObject({ status: 'sent', attempts: 2 });
          expect(k.notesOf(ticket)).toHaveLength(1);
        } finally {
          k.clearFailures();
          await retire();
        }
      });

      it('imports closed tickets across pages into knowledge, with description, resolution and internal notes', async () => {
        const k = kit();
        const { team, c } = await account(k);
        const base = 80_000 + (name === 'halopsa' ? 0 : 1_000);
        const ids = Array.from({ length: 11 }, (_, i) => base + i);
        for (const id of ids)
          k.addClosedTicket({
            id,
            summary: `Printer offline on floor ${id}`,
            closedAt: new Date(Date.now() - ((id % 20) + 1) * DAY).toISOString(),
            description: `The floor ${id} printer shows offline.`,
            resolution: `Re-added the printer port for ${id}.`,
            internal: `Spooler crashed on ${id}.`,
          });
        // Outside the period: not imported.
        k.addClosedTicket({
          id: base + 500,
          summary: 'Long ago',
          closedAt: new Date(Date.now() - 400 * DAY).toISOString(),
          description: 'old',
          resolution: 'old',
          internal: 'old',
        });
        if (name === 'autotask') (k as any).fake.maxRecords = 3; // pages of 3 joined by nextPageUrl
        k.rateLimit(k.paths.listMethod, k.paths.list, 1, '0');
        const started = await c.owner.post('/api/v1/psa/history-import', {});
        expect(started.status, started.text).toBe(202);
        await app.psaHistory.runOnce();
        const done = await c.owner.get(`/api/v1/psa/history-import/${started.body.import.id}`);
        expect(done.body.import, JSON.stringify(done.body)).toMatchObject({
          status: 'done',
          total: ids.length,
          done: ids.length,
          imported: ids.length,
          failed: [],
        });
        const articles = await withTenant(t.db, team.accountId, (tx) =>
          tx.query<any>(
            `SELECT external_id, title, body FROM knowledge_articles WHERE account_id = $1 AND kind = 'psa_ticket' ORDER BY external_id`,
            [team.accountId],
          ),
        );
        expect(articles.rows.map((r) => Number(r.external_id))).toEqual(ids);
        const first = articles.rows[0]!;
        expect(first.title).toBe(`Printer offline on floor ${base}`);
        expect(first.body).toContain(`The floor ${base} printer shows offline.`);
        expect(first.body).toContain(`## Resolution\n\nRe-added the printer port for ${base}.`);
        expect(first.body).toContain(`Spooler crashed on ${base}.`);
        expect(first.body).not.toContain('Customer: thanks!');
        if (name === 'autotask')
          expect((k as any).fake.calls('GET', /\/Tickets\/query\/next$/).length).toBeGreaterThan(0);
        else
          expect(
            (k as any).fake.calls('GET', /^\/api\/tickets$/).some((r: any) => r.query.get('page_no') === '2'),
          ).toBe(true);
      });
    });
  }

  describe('provider specifics', () => {
    it('Autotask: calls beyond the database’s request budget are not sent and say when the next one may go', async () => {
      const k = kits.autotask as PsaKit & { fake: any };
      const ticket = ticketFor(k);
      const provider = autotaskProvider(
        { username: AT_CREDS.username, secret: AT_CREDS.secret, integrationCode: AT_CREDS.integrationCode },
        {
          http: { requireHttps: false, allowPrivate: true, timeoutMs: 5_000 },
          discoveryUrl: k.fake.discoveryUrl,
          budgetKey: `budget-test-${Date.now()}`,
          budget: { limit: 3, windowMs: 3_600_000, label: '3 requests an hour' },
          noteType: null,
        },
      );
      // Zone discovery is not an API call of the database; the ticket, company and contact reads are.
      await provider.getTicket(String(ticket)).catch(() => undefined);
      const before = k.fake.requests.length;
      const refused = await provider.getTicket(String(ticket)).then(
        () => null,
        (err: PsaError) => err,
      );
      expect(refused).toBeInstanceOf(PsaError);
      expect(refused!.failure).toBe('unavailable');
      expect(refused!.answer).toMatchObject({ status: 429 });
      expect(refused!.message).toMatch(
        /^Autotask request not sent: the request budget \(3 requests an hour\) is used up; next try in \d+ s$/,
      );
      expect(k.fake.requests.length).toBe(before);
    });

    const directAutotask = (k: PsaKit & { fake: any }, budgetKey: string) =>
      autotaskProvider(
        { username: AT_CREDS.username, secret: AT_CREDS.secret, integrationCode: AT_CREDS.integrationCode },
        {
          http: { requireHttps: false, allowPrivate: true, timeoutMs: 5_000 },
          discoveryUrl: k.fake.discoveryUrl,
          budgetKey,
          noteType: null,
        },
      );

    it('Autotask: note visibility is the tenant’s publish picklist value, not an assumed id', async () => {
      const k = kits.autotask as PsaKit & { fake: any };
      const ticket = ticketFor(k);
      k.fake.publishValues = [
        [1, 'All Autotask Users'],
        [3, 'Internal Only'],
        [4, 'Internal & Co-Managed'],
      ];
      try {
        const provider = directAutotask(k, `publish-test-${Date.now()}`);
        const write = { marker: 'rf-publish', checkFirst: false };
        await provider.postNote(
          String(ticket),
          { text: 'Escalated: internal', visibility: 'internal', kind: 'escalation' },
          write,
        );
        await provider.postNote(
          String(ticket),
          { text: 'Fixed: visible', visibility: 'customer', kind: 'resolution' },
          write,
        );
        const written = k.fake.notes.filter((n: any) => n.ticketID === ticket);
        // Internal is the internal value that co-managing users do not see; visible is "All Autotask Users".
        expect(written.map((n: any) => [n.description, n.publish])).toEqual([
          ['Escalated: internal', 3],
          ['Fixed: visible', 1],
        ]);
        const read = await provider.ticketNotes(ticket);
        expect(read.filter((n) => !n.description).map((n) => n.internal)).toEqual([true, false]);
      } finally {
        k.fake.publishValues = AT_PUBLISH;
      }
    });

    it('Autotask: at most three requests at a time go to one endpoint; the rest wait their turn', async () => {
      const k = kits.autotask as PsaKit & { fake: any };
      const ticket = ticketFor(k);
      const provider = directAutotask(k, `threads-test-${Date.now()}`);
      const path = new RegExp(`/v1\\.0/Tickets/${ticket}$`);
      k.fake.slowDown(path, 150);
      try {
        const found = await Promise.all(Array.from({ length: 7 }, () => provider.getTicket(String(ticket))));
        expect(found.every((t) => t.number === String(ticket))).toBe(true);
      } finally {
        k.fake.slowDown(path, 0);
      }
      expect(k.fake.calls('GET', path)).toHaveLength(7);
      expect(k.fake.peakConcurrency('GET', path)).toBe(3);
    });

    it('HaloPSA: one token serves many calls, a 401 fetches one fresh token, and a refused client is an auth failure', async () => {
      const k = kits.halopsa as PsaKit & { fake: any };
      const { c } = await account(k);
      const ticket = ticketFor(k);
      const issued = k.fake.tokensIssued;
      for (let i = 0; i < 3; i++)
        expect((await c.tech.get(`/api/v1/psa/tickets/${ticket}`)).status).toBe(200);
      expect(k.fake.tokensIssued).toBe(issued);
      k.fake.revokeTokens();
      expect((await c.tech.get(`/api/v1/psa/tickets/${ticket}`)).status).toBe(200);
      expect(k.fake.tokensIssued).toBe(issued + 1);
      const tokenRequests = k.fake.calls('POST', /^\/auth\/token$/);
      expect(tokenRequests.at(-1).body).toMatchObject({ grant_type: 'client_credentials', scope: 'all' });
      expect(tokenRequests.at(-1).query.get('tenant')).toBe('harborit');
      expect(tokenRequests.at(-1).headers['content-type']).toContain('application/x-www-form-urlencoded');
    });

    it('Autotask: the zone is discovered from the user name, an unknown user is an auth failure', async () => {
      const k = kits.autotask as PsaKit & { fake: any };
      const { c } = await account(k, null);
      const other = await c.owner.request(
        'PUT',
        '/api/v1/psa/connection',
        k.connection({ username: 'nobody@elsewhere.example' }),
      );
      expect(other.status).toBe(200);
      const tested = await c.owner.post('/api/v1/psa/connection/test');
      expect(tested.body.ok).toBe(false);
      expect(tested.body.error).toContain(
        'Autotask found no zone for the user name nobody@elsewhere.example',
      );
      const discovery = k.fake.calls('GET', /zoneInformation$/).at(-1);
      expect(discovery.query.get('user')).toBe('nobody@elsewhere.example');
      expect(discovery.headers.secret).toBeUndefined();
      // Calls carry the three headers.
      expect((await c.owner.request('PUT', '/api/v1/psa/connection', k.connection())).status).toBe(200);
      expect((await c.owner.post('/api/v1/psa/connection/test')).body.ok).toBe(true);
      const call = k.fake.requests.at(-1);
      expect(call.path).toMatch(/^\/zone1\/atservicesrest\/v1\.0\//);
      expect(call.headers).toMatchObject({
        apiintegrationcode: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ1',
        username: 'api-user@harborit.example',
      });
    });
  });
});
