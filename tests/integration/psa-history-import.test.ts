import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../server/db/tenant';
import { createLogger } from '../../server/lib/logger';
import { PsaHistoryImportWorker } from '../../server/modules/psa/history-import/history-import.worker';
import { createTestApp, testConfig, type TestApp } from '../helpers/app';
import { clientsFor, type TestClient } from '../helpers/test-client';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';
import { startFakeConnectWise, type FakeConnectWise } from '../helpers/fake-connectwise';
import { ALL_ROLES, createTestAccount } from '../helpers/factories';
import { waitUntil } from '../helpers/wait-until';

const CREDS = {
  companyId: 'harborit',
  publicKey: 'HistPub1234abcd',
  privateKey: 'HistPriv9876wxyz',
  clientId: 'hist-client-0001',
};
const DAY = 86_400_000;
const TICKETS = 1_500;
const FIRST_ID = 10_001;
const PAGE = 200;
/** The cap on one wait: Retry-After above it waits this long instead. */
const MAX_WAIT_MS = 1_500;

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const LIST = /^\/service\/tickets$/;
const NOTES = /^\/service\/tickets\/\d+\/notes$/;

describe(`PSA history import (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  let app: TestApp;
  let cw: FakeConnectWise;
  let acct: Awaited<ReturnType<typeof createTestAccount<keyof typeof ALL_ROLES>>>;
  let c: Record<keyof typeof ALL_ROLES, TestClient>;
  let other: Record<keyof typeof ALL_ROLES, TestClient>;
  let firstImportId: string;

  const connect = (client: TestClient, fake: FakeConnectWise, extra: Record<string, unknown> = {}) =>
    client.request('PUT', '/api/v1/psa/connection', {
      site_url: fake.siteUrl,
      company_id: CREDS.companyId,
      public_key: CREDS.publicKey,
      private_key: CREDS.privateKey,
      client_id: CREDS.clientId,
      ...extra,
    });
  const start = (client: TestClient, body: Record<string, unknown> = {}) =>
    client.post('/api/v1/psa/history-import', body);
  const progress = async (client: TestClient, id: string) => {
    const res = await client.get(`/api/v1/psa/history-import/${id}`);
    expect(res.status, res.text).toBe(200);
    return res.body.import;
  };
  /** Starts an import and runs the worker until it has nothing left. */
  const importAll = async (client: TestClient, body: Record<string, unknown> = {}) => {
    const started = await start(client, body);
    expect(started.status, started.text).toBe(202);
    await app.psaHistory.runOnce();
    return progress(client, started.body.import.id);
  };
  const psaArticles = (accountId: string) =>
    withTenant(t.db, accountId, async (tx) => {
      const { rows } = await tx.query<{ external_id: string; n: number }>(
        `SELECT external_id, count(*)::int AS n FROM knowledge_articles
         WHERE account_id = $1 AND kind = 'psa_ticket' GROUP BY external_id`,
        [accountId],
      );
      return rows;
    });

  beforeAll(async () => {
    [t, cw] = await Promise.all([createTestDatabase(), startFakeConnectWise(CREDS)]);
    app = createTestApp(t.db, {
      config: testConfig({ ALLOW_PRIVATE_WEBHOOKS: 'true' }),
      psaHistory: { pageSize: PAGE, retry: { maxWaitMs: MAX_WAIT_MS, backoffMs: 20 } },
    });
    const [a, b] = await Promise.all([
      createTestAccount(t.db, ALL_ROLES),
      createTestAccount(t.db, ALL_ROLES),
    ]);
    acct = a;
    [c, other] = await Promise.all([clientsFor(app.app, a.users), clientsFor(app.app, b.users)]);
    expect((await connect(c.owner, cw)).status).toBe(200);

    cw.addClosedTicket({
      id: FIRST_ID,
      summary: 'Outlook asks for the password every few minutes',
      closedDate: ago(3 * DAY),
      board: 'Help Desk',
      type: 'Incident',
      description: 'Since the mailbox move Outlook prompts for credentials again and again.',
      internal: ['Checked the sign-in logs: modern auth blocked by a stale registry key.'],
      discussion: ['Customer: thanks, all good now!'],
      resolution: ['Removed the EnableADAL override and rebuilt the Outlook profile.'],
    });
    for (let id = FIRST_ID + 1; id < FIRST_ID + TICKETS; id++)
      cw.addClosedTicket({
        id,
        summary: `Shared drive mapping lost on workstation ${id}`,
        closedDate: ago(((id % 300) + 1) * DAY),
        description: `Workstation ${id} no longer maps the S: drive at sign-in.`,
        resolution: [`Re-applied the drive mapping policy on ${id}.`],
      });
    // Not part of the default period (a year back), not closed, and closed after the import began.
    cw.addClosedTicket({ id: 9_000, summary: 'Closed long ago', closedDate: ago(400 * DAY) });
    cw.addTicket({ id: 9_001, summary: 'Still open', company: 'Harbor Dental', description: 'Open' });
    cw.addClosedTicket({
      id: 20_000,
      summary: 'Closed later',
      closedDate: new Date(Date.now() + DAY).toISOString(),
    });
  });
  afterAll(async () => {
    await app.assessments.stop();
    await cw.close();
    await t.drop();
  });

  it('imports every closed ticket of the period across pages, with its notes, as searchable knowledge', async () => {
    const started = await start(c.admin);
    expect(started.status, started.text).toBe(202);
    expect(started.body.import).toMatchObject({
      kind: 'psa_history',
      status: 'queued',
      total: 0,
      done: 0,
      error: null,
    });
    firstImportId = started.body.import.id;
    // The default period reaches back a year.
    const since = Date.parse(started.body.import.since);
    expect(Math.abs(since - (Date.now() - 365 * DAY))).toBeLessThan(60_000);
    // One at a time per account, whoever asks.
    const again = await start(c.owner);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'IMPORT_RUNNING', import_id: firstImportId });

    await app.psaHistory.runOnce();
    expect(await progress(c.owner, firstImportId)).toMatchObject({
      status: 'done',
      total: TICKETS,
      done: TICKETS,
      imported: TICKETS,
      skipped: 0,
      failed: [],
      error: null,
    });
    // One count, one list call per page plus the empty one, one notes call per ticket.
    expect(cw.calls('GET', /^\/service\/tickets\/count$/)).toHaveLength(1);
    const lists = cw.calls('GET', LIST);
    expect(lists).toHaveLength(Math.ceil(TICKETS / PAGE) + 1);
    expect(lists[0]!.query.get('conditions')).toMatch(
      /^closedFlag=true and closedDate > \[\S+Z\] and closedDate <= \[\S+Z\] and id > 0$/,
    );
    expect(lists[1]!.query.get('conditions')).toContain(`id > ${FIRST_ID + PAGE - 1}`);
    expect(lists[0]!.query.get('pageSize')).toBe(String(PAGE));
    expect(lists[0]!.query.get('orderBy')).toBe('id asc');
    expect(cw.calls('GET', NOTES)).toHaveLength(TICKETS);
    const rows = await psaArticles(acct.accountId);
    expect(rows).toHaveLength(TICKETS);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    expect(rows.map((r) => r.external_id)).not.toContain('9000');

    const found = await c.tech.get('/api/v1/knowledge/articles?q=outlook%20password%20prompts');
    expect(found.status).toBe(200);
    expect(found.body.items).toHaveLength(1);
    const item = found.body.items[0];
    expect(item).toMatchObject({
      kind: 'psa_ticket',
      title: 'Outlook asks for the password every few minutes',
      tags: ['help desk', 'incident'],
      source: { type: 'psa_ticket', ref: String(FIRST_ID), label: `PSA ticket #${FIRST_ID}` },
    });
    const article = (await c.tech.get(`/api/v1/knowledge/articles/${item.id}`)).body.article;
    expect(article.body).toBe(
      [
        '## Problem',
        'Since the mailbox move Outlook prompts for credentials again and again.',
        '## Resolution',
        'Removed the EnableADAL override and rebuilt the Outlook profile.',
        '## Notes',
        'Checked the sign-in logs: modern auth blocked by a stale registry key.',
      ].join('\n\n'),
    );
    expect(article.body).not.toContain('Customer: thanks');
    // Resolution notes are searchable too.
    const byFix = await c.viewer.get('/api/v1/knowledge/articles?q=drive%20mapping%20policy&kind=psa_ticket');
    expect(byFix.body.total).toBe(TICKETS - 1);
  }, 90_000);

  it('a second import takes only the tickets closed since, skipping those it holds', async () => {
    const newer = [FIRST_ID + TICKETS, FIRST_ID + TICKETS + 1, FIRST_ID + TICKETS + 2];
    for (const id of newer)
      cw.addClosedTicket({
        id,
        summary: `Printer queue stuck on floor ${id}`,
        closedDate: ago(60_000),
        description: `Jobs pile up in the queue of printer ${id}.`,
        resolution: ['Restarted the spooler and cleared the queue.'],
      });
    const notesBefore = cw.calls('GET', NOTES).length;
    const second = await importAll(c.owner);
    expect(second).toMatchObject({
      status: 'done',
      total: TICKETS + newer.length,
      done: TICKETS + newer.length,
      imported: newer.length,
      skipped: TICKETS,
    });
    // Tickets already held are not read again.
    expect(cw.calls('GET', NOTES).length - notesBefore).toBe(newer.length);
    expect(await psaArticles(acct.accountId)).toHaveLength(TICKETS + newer.length);
    // The first import's row is unchanged by the second.
    expect((await progress(c.admin, firstImportId)).imported).toBe(TICKETS);
  });

  it('an abandoned import continues from its cursor; one whose lease is live is left alone', async () => {
    const account = await createTestAccount(t.db, { owner: 'owner' });
    const owner = (await clientsFor(app.app, account.users)).owner;
    expect((await connect(owner, cw)).status).toBe(200);
    const id = (await start(owner)).body.import.id as string;
    const resumeAfter = FIRST_ID + TICKETS - 11; // the last 10 tickets of the first batch, then the 3 newer
    const setLease = (leaseUntil: Date) =>
      withTenant(t.db, account.accountId, (tx) =>
        tx.query(
          `UPDATE knowledge_imports SET status = 'running', total = $3, done = $4, lease_until = $5,
             cursor = jsonb_build_object('after_id', $6::int, 'counted', true, 'owner', 'a-dead-process')
           WHERE account_id = $1 AND id = $2`,
          [account.accountId, id, TICKETS + 3, TICKETS - 10, leaseUntil, resumeAfter],
        ),
      );
    const listsBefore = cw.calls('GET', LIST).length;
    await setLease(new Date(Date.now() + 60_000));
    await app.psaHistory.runOnce();
    expect(cw.calls('GET', LIST).length).toBe(listsBefore);
    expect((await progress(owner, id)).status).toBe('running');

    await setLease(new Date(Date.now() - 1_000));
    await app.psaHistory.runOnce();
    expect(cw.calls('GET', LIST)[listsBefore]!.query.get('conditions')).toContain(`id > ${resumeAfter}`);
    expect(await progress(owner, id)).toMatchObject({
      status: 'done',
      total: TICKETS + 3,
      done: TICKETS + 3,
      imported: 13,
      skipped: 0,
    });
    expect(await psaArticles(account.accountId)).toHaveLength(13);
  });

  it('waits what Retry-After asks (capped) and retries the same page; retries 5xx with backoff', async () => {
    const fake = await startFakeConnectWise(CREDS);
    try {
      for (let i = 1; i <= 30; i++)
        fake.addClosedTicket({
          id: i,
          summary: `VPN drops ${i}`,
          closedDate: ago(i * DAY),
          resolution: ['MTU'],
        });
      const account = await createTestAccount(t.db, { owner: 'owner' });
      const owner = (await clientsFor(app.app, account.users)).owner;
      expect((await connect(owner, fake)).status).toBe(200);
      fake.rateLimit(LIST, 1, '1'); // under the cap: waited as asked
      fake.rateLimit(LIST, 1, '3600'); // an hour: waited only the cap
      fake.fail('GET', NOTES, 500, 2); // a PSA hiccup on the first notes calls
      const done = await importAll(owner);
      expect(done).toMatchObject({ status: 'done', total: 30, imported: 30, done: 30 });
      const lists = fake.calls('GET', LIST);
      // 429, 429, then the same first page answered, then the second page (empty).
      expect(lists).toHaveLength(4);
      expect(new Set(lists.slice(0, 3).map((r) => r.query.toString())).size).toBe(1);
      expect(lists[1]!.at - lists[0]!.at).toBeGreaterThanOrEqual(1_000 - 5);
      expect(lists[2]!.at - lists[1]!.at).toBeGreaterThanOrEqual(MAX_WAIT_MS - 5);
      expect(lists[2]!.at - lists[1]!.at).toBeLessThan(10_000);
      expect(fake.calls('GET', NOTES)).toHaveLength(32);
    } finally {
      await fake.close();
    }
  });

  it('ends failed with the PSA’s reason when it keeps failing, and a new import can follow', async () => {
    const fake = await startFakeConnectWise(CREDS);
    try {
      for (let i = 1; i <= 5; i++)
        fake.addClosedTicket({ id: i, summary: `Teams crash ${i}`, closedDate: ago(i * DAY) });
      const account = await createTestAccount(t.db, { owner: 'owner' });
      const owner = (await clientsFor(app.app, account.users)).owner;
      expect((await connect(owner, fake)).status).toBe(200);
      fake.fail('GET', NOTES, 503);
      const failed = await importAll(owner);
      expect(failed.status).toBe('failed');
      expect(failed.error).toMatch(/ConnectWise answered HTTP 503.*tried 5 times/);
      expect(failed.finished_at).toBeTruthy();

      fake.clearFailures();
      fake.rateLimit(NOTES, Number.POSITIVE_INFINITY, '0'); // more 429s in a row than the import accepts
      const limited = await importAll(owner);
      expect(limited).toMatchObject({ status: 'failed', imported: 0 });
      expect(limited.error).toMatch(/HTTP 429.*still limited after 10 retries/);

      fake.clearFailures();
      expect(await importAll(owner)).toMatchObject({ status: 'done', imported: 5 });
    } finally {
      await fake.close();
    }
  });

  it('a connection switched off before the import ran ends it failed, saying so', async () => {
    const account = await createTestAccount(t.db, { owner: 'owner' });
    const owner = (await clientsFor(app.app, account.users)).owner;
    expect((await connect(owner, cw)).status).toBe(200);
    const id = (await start(owner)).body.import.id as string;
    expect((await connect(owner, cw, { enabled: false })).status).toBe(200);
    await app.psaHistory.runOnce();
    expect(await progress(owner, id)).toMatchObject({
      status: 'failed',
      imported: 0,
      error: 'The PSA connection was removed or switched off before the import finished',
    });
  });

  it('a shutdown during a Retry-After wait hands the import back untouched for the next process', async () => {
    const fake = await startFakeConnectWise(CREDS);
    const worker = new PsaHistoryImportWorker({
      db: t.db,
      config: app.config,
      logger: createLogger('silent'),
      retry: { maxWaitMs: 60_000 },
    });
    try {
      fake.addClosedTicket({ id: 7, summary: 'Laptop will not dock', closedDate: ago(DAY) });
      const account = await createTestAccount(t.db, { owner: 'owner' });
      const owner = (await clientsFor(app.app, account.users)).owner;
      expect((await connect(owner, fake)).status).toBe(200);
      fake.rateLimit(LIST, 1, '60');
      const id = (await start(owner)).body.import.id as string;
      worker.kick();
      await waitUntil('the 429', () => fake.calls('GET', LIST).length === 1, 10_000, 10);
      const stoppedAt = Date.now();
      await worker.stop();
      expect(Date.now() - stoppedAt).toBeLessThan(5_000);
      expect(fake.calls('GET', LIST)).toHaveLength(1);
      expect(await progress(owner, id)).toMatchObject({ status: 'running', error: null, total: 1, done: 0 });
      const lease = await withTenant(t.db, account.accountId, (tx) =>
        tx.query<{ lease_until: Date | null }>(`SELECT lease_until FROM knowledge_imports WHERE id = $1`, [
          id,
        ]),
      );
      expect(lease.rows[0]!.lease_until).toBeNull();
      // The next process takes it over at once, without waiting for a lease to run out.
      await app.psaHistory.runOnce();
      expect(await progress(owner, id)).toMatchObject({ status: 'done', imported: 1 });
    } finally {
      await worker.stop();
      await fake.close();
    }
  });

  it('admins and owners only; without an enabled connection 409; bad dates 400', async () => {
    for (const role of ['engineer', 'tech', 'viewer'] as const) {
      const res = await start(c[role]);
      expect(res.status, role).toBe(403);
      expect((await c[role].get(`/api/v1/psa/history-import/${firstImportId}`)).status, role).toBe(403);
    }
    const fresh = await createTestAccount(t.db, { owner: 'owner' });
    const owner = (await clientsFor(app.app, fresh.users)).owner;
    const none = await start(owner);
    expect(none.status).toBe(409);
    expect(none.body.code).toBe('PSA_NOT_CONNECTED');
    expect((await connect(owner, cw, { enabled: false })).status).toBe(200);
    expect((await start(owner)).body.code).toBe('PSA_NOT_CONNECTED');
    expect((await connect(owner, cw)).status).toBe(200);
    expect((await start(owner, { since: 'last tuesday' })).status).toBe(400);
    expect((await start(owner, { since: new Date(Date.now() + DAY).toISOString() })).status).toBe(400);
    const dated = await start(owner, { since: '2025-01-01' });
    expect(dated.status, dated.text).toBe(202);
    expect(dated.body.import.since).toBe('2025-01-01T00:00:00.000Z');
  });

  it('another account sees none of it', async () => {
    const found = await other.owner.get('/api/v1/knowledge/articles?q=outlook%20password');
    expect(found.body.items).toEqual([]);
    const all = await other.owner.get('/api/v1/knowledge/articles?kind=psa_ticket');
    expect(all.body.total).toBe(0);
    expect((await other.owner.get(`/api/v1/psa/history-import/${firstImportId}`)).status).toBe(404);
    const mine = await c.owner.get('/api/v1/knowledge/articles?q=outlook%20password');
    expect((await other.owner.get(`/api/v1/knowledge/articles/${mine.body.items[0].id}`)).status).toBe(404);
    // B has no connection: the import is refused, not run against A's PSA.
    expect((await start(other.owner)).body.code).toBe('PSA_NOT_CONNECTED');
  });
});
