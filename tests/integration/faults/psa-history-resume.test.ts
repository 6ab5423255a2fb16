import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, onPostgres, type TestDatabase } from '../../helpers/db';
import { startFakeConnectWise, type FakeConnectWise } from '../../helpers/fake-connectwise';
import { waitUntil } from '../../helpers/wait-until';
import { TestClient } from '../../helpers/test-client';
import { startServerProcess, type ServerProcess } from '../../helpers/server-process';

const CREDS = {
  companyId: 'northwind',
  publicKey: 'ResumePub1234ab',
  privateKey: 'ResumePriv9876yz',
  clientId: 'resume-client-0001',
};
const TICKETS = 600;
/** The worker's default page in production. */
const PAGE = 100;
const LIST = /^\/service\/tickets$/;
const NOTES = /^\/service\/tickets\/\d+\/notes$/;

/**
 * Fault: the server process is killed with SIGKILL in the middle of a PSA history import — pages
 * committed, a page's notes in flight — and started again on the same data. Promise (SPEC §14): once
 * the killed process's lease is freed (at start on the embedded database) or has run out, the
 * restarted worker continues from the stored cursor and the import completes with every closed
 * ticket imported exactly once.
 */
describe(`fault: server killed with SIGKILL during a PSA history import (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase | undefined;
  let cw: FakeConnectWise;
  let env: Record<string, string>;
  let server: ServerProcess;

  beforeAll(async () => {
    cw = await startFakeConnectWise(CREDS);
    for (let i = 1; i <= TICKETS; i++)
      cw.addClosedTicket({
        id: 50_000 + i,
        summary: `Backup job ${i} failed with VSS error`,
        closedDate: new Date(Date.now() - (i % 200) * 86_400_000 - 3_600_000).toISOString(),
        description: `The nightly backup of server ${i} stopped with a VSS timeout.`,
        resolution: [`Restarted the VSS writers on server ${i}.`],
        internal: [`vssadmin list writers showed a failed writer on ${i}.`],
      });
    env = { ALLOW_PRIVATE_WEBHOOKS: 'true' };
    if (onPostgres) {
      t = await createTestDatabase({ demo: true }); // the server finds the demo seeded
      Object.assign(env, { DATABASE_URL: t.url!, SEED_DEMO: 'on' });
    }
    server = await startServerProcess(env);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await cw?.close();
    await t?.drop();
  });

  it('resumes from its cursor after the restart and imports every ticket exactly once', async () => {
    const owner = await TestClient.signIn(server.url, 'owner@northwind.test', 'demo-password');
    const saved = await owner.request('PUT', '/api/v1/psa/connection', {
      site_url: cw.siteUrl,
      company_id: CREDS.companyId,
      public_key: CREDS.publicKey,
      private_key: CREDS.privateKey,
      client_id: CREDS.clientId,
    });
    expect(saved.status).toBe(200);
    // Slow enough that the kill can land in the middle of a page.
    cw.slowDown(NOTES, 25);
    const started = await owner.post('/api/v1/psa/history-import', {});
    expect(started.status).toBe(202);
    const id = started.body.import.id as string;
    const progress = async (client: TestClient) => {
      const res = await client.get(`/api/v1/psa/history-import/${id}`);
      expect(res.status).toBe(200);
      return res.body.import;
    };

    // Kill while a page is in flight: two pages committed, the third one's notes being read.
    await waitUntil('a page in flight', () => cw.calls('GET', NOTES).length >= 2 * PAGE + 10, 60_000, 5);
    server.child.kill('SIGKILL');
    expect(await server.exited).toMatchObject({ signal: 'SIGKILL' });
    const requestsAtKill = cw.requests.length;

    cw.slowDown(NOTES, 0);
    // The recovery delay: from the restart to the first PSA request of the resumed import.
    const restartedAt = Date.now();
    let resumedAt = 0;
    const watch = setInterval(() => {
      if (!resumedAt && cw.requests.length > requestsAtKill) resumedAt = Date.now();
    }, 20);
    server = await startServerProcess(env, { port: server.port, dataDir: server.dataDir });
    const readyAfterMs = Date.now() - restartedAt;
    const admin = owner.at(server.url);
    // What the killed process committed: whole pages only, never part of the one in flight.
    const before = await progress(admin);
    expect(before.status).toBe('running');
    expect(before.done % PAGE).toBe(0);
    expect(before.done).toBeGreaterThanOrEqual(2 * PAGE);
    expect(before.done).toBeLessThan(TICKETS);
    expect(before.imported).toBe(before.done);
    // The killed process's lease is freed at start on the embedded database; on PostgreSQL its short
    // lease (8 s), no longer renewed, runs out first. The worker polls every 2 s.
    const done = await waitUntil(
      'the import finished after the restart',
      async () => {
        const p = await progress(admin);
        return p.status === 'done' || p.status === 'failed' ? p : undefined;
      },
      90_000,
      250,
    );
    clearInterval(watch);
    expect(done).toMatchObject({
      status: 'done',
      total: TICKETS,
      done: TICKETS,
      imported: TICKETS,
      skipped: 0,
      failed: [],
      error: null,
    });

    // Continued from the stored cursor, not from the start, and never counted again.
    const after = cw.requests.slice(requestsAtKill);
    const firstList = after.find((r) => LIST.test(r.path))!;
    const resumedAfter = Number(/id > (\d+)/.exec(firstList.query.get('conditions') ?? '')![1]);
    expect(resumedAfter).toBeGreaterThanOrEqual(50_000 + 2 * PAGE);
    expect(resumedAfter).toBeLessThanOrEqual(50_000 + before.done);
    expect(cw.calls('GET', /^\/service\/tickets\/count$/)).toHaveLength(1);
    // Only the page in flight at the kill was read twice.
    const noteReads = new Map<string, number>();
    for (const r of cw.calls('GET', NOTES)) noteReads.set(r.path, (noteReads.get(r.path) ?? 0) + 1);
    expect(noteReads.size).toBe(TICKETS);
    const readTwice = [...noteReads.values()].filter((n) => n > 1).length;
    expect(readTwice).toBeGreaterThan(0);
    expect(readTwice).toBeLessThanOrEqual(PAGE);

    // Every ticket exactly once in the knowledge.
    const refs: string[] = [];
    for (let offset = 0; ; offset += 100) {
      const page = await admin.get(`/api/v1/knowledge/articles?kind=psa_ticket&limit=100&offset=${offset}`);
      expect(page.status).toBe(200);
      refs.push(...page.body.items.map((a: { source: { ref: string } }) => a.source.ref));
      if (page.body.items.length < 100) break;
    }
    expect(refs).toHaveLength(TICKETS);
    expect(new Set(refs).size).toBe(TICKETS);
    expect(refs.map(Number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: TICKETS }, (_, i) => 50_001 + i),
    );
    console.info(
      `[fault figures] PSA history SIGKILL: ${before.done}/${TICKETS} tickets committed at the kill, resumed after ticket ${resumedAfter}, ` +
        `${readTwice} ticket(s) of the page in flight read twice, ${TICKETS} imported once each; ` +
        `restart: server ready after ${(readyAfterMs / 1000).toFixed(1)} s, import resumed ${((resumedAt - restartedAt) / 1000).toFixed(1)} s after the restart began`,
    );
  }, 240_000);
});
