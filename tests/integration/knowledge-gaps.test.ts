import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../server/db/tenant';
import { createTestApp, testConfig, type TestApp } from '../helpers/app';
import { clientsFor, type TestClient } from '../helpers/test-client';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';
import { ALL_ROLES, createTestAccount } from '../helpers/factories';
import { startSession } from '../helpers/sessions';

type Seed = {
  problem: string;
  hoursAgo: number;
  bestMatch: number | null;
  escalate?: boolean;
  resolve?: boolean;
};

describe(`knowledge gaps report (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  let app: TestApp;
  let a: Awaited<ReturnType<typeof createTestAccount<keyof typeof ALL_ROLES>>>;
  let b: Awaited<ReturnType<typeof createTestAccount<keyof typeof ALL_ROLES>>>;
  let c: Record<keyof typeof ALL_ROLES, TestClient>;
  let other: Record<keyof typeof ALL_ROLES, TestClient>;
  const ids: Record<string, string> = {};

  /** A session through the API, then its timing and best match set directly (the intake writes them). */
  async function seed(acct: { accountId: string }, client: TestClient, key: string, s: Seed): Promise<void> {
    const view = await startSession(client, s.problem);
    const id = view.session.id as string;
    ids[key] = id;
    if (s.escalate)
      expect((await client.post(`/api/v1/sessions/${id}/handoffs`, { intent: 'escalate' })).status).toBe(201);
    if (s.resolve)
      expect(
        (
          await client.post(`/api/v1/sessions/${id}/resolve`, {
            root_cause: 'Found it',
            resolution_summary: 'Fixed it',
          })
        ).status,
      ).toBe(200);
    await withTenant(t.db, acct.accountId, (tx) =>
      tx.query(
        `UPDATE sessions SET best_match = $3, created_at = now() - make_interval(hours => $4) WHERE account_id = $1 AND id = $2`,
        [acct.accountId, id, s.bestMatch, s.hoursAgo],
      ),
    );
  }

  beforeAll(async () => {
    t = await createTestDatabase();
    app = createTestApp(t.db, { config: testConfig({ LOG_LEVEL: 'error' }) });
    [a, b] = [await createTestAccount(t.db, ALL_ROLES), await createTestAccount(t.db, ALL_ROLES)];
    c = await clientsFor(app.app, a.users);
    other = await clientsFor(app.app, b.users);
    const seeds: Record<string, Seed> = {
      scan1: {
        problem: 'Ricoh scanner will not send scans to the shared folder',
        hoursAgo: 3,
        bestMatch: 0.2,
      },
      scan2: {
        problem: 'Scanning to the shared folder fails on the Ricoh',
        hoursAgo: 2,
        bestMatch: 0.3,
        escalate: true,
      },
      scan3: {
        problem: 'Ricoh scanner cannot send to the shared folder after a password change',
        hoursAgo: 1,
        bestMatch: null,
      },
      scanOld: {
        problem: 'Scans from the Ricoh never reach the shared folder',
        hoursAgo: 24 * 20,
        bestMatch: 0.1,
      },
      // Covered: a strong match, or resolved without escalation.
      scanStrong: {
        problem: 'Ricoh scanner will not send scans to the shared folder again',
        hoursAgo: 1,
        bestMatch: 0.8,
      },
      scanResolved: {
        problem: 'Ricoh scanner stopped sending scans to the shared folder',
        hoursAgo: 1,
        bestMatch: 0.1,
        resolve: true,
      },
      vpn1: { problem: 'VPN disconnects every hour for remote staff', hoursAgo: 5, bestMatch: 0.25 },
      vpn2: {
        problem: 'Remote staff VPN disconnects after an hour',
        hoursAgo: 4,
        bestMatch: null,
        escalate: true,
      },
      lone: { problem: 'Teams camera shows a black screen in meetings', hoursAgo: 6, bestMatch: 0.05 },
      tooOld: {
        problem: 'Teams camera shows a black screen in meetings again',
        hoursAgo: 24 * 100,
        bestMatch: 0.05,
      },
    };
    for (const [key, s] of Object.entries(seeds)) await seed(a, c.tech, key, s);
    await seed(b, other.tech, 'otherScan', {
      problem: 'Ricoh scanner will not send scans to the shared folder',
      hoursAgo: 1,
      bestMatch: 0.1,
      escalate: true,
    });
  }, 120_000);
  afterAll(async () => {
    await app.assessments.stop();
    await t.drop();
  });

  const report = async (period: string, as: TestClient = c.engineer) => {
    const res = await as.get(`/api/v1/analytics/knowledge-gaps?period=${period}`);
    expect(res.status, res.text).toBe(200);
    return res.body;
  };

  it('clusters the weakly matched escalated or open sessions, largest first, with counts and newest examples', async () => {
    const body = await report('30d');
    expect(body.weak_match_below).toBe(0.35);
    const [scan, vpn, lone, ...rest] = body.items;
    expect(rest).toEqual([]);
    expect(scan).toMatchObject({
      sessions: 4,
      escalated: 1,
      best_match: 0.3,
      example_session_ids: [ids.scan3, ids.scan2, ids.scan1],
    });
    expect(scan.label).toMatch(/Ricoh|scan|folder/i);
    expect(vpn).toMatchObject({
      sessions: 2,
      escalated: 1,
      best_match: 0.25,
      example_session_ids: [ids.vpn2, ids.vpn1],
    });
    expect(vpn.label).toMatch(/VPN/);
    expect(lone).toMatchObject({ sessions: 1, escalated: 0, example_session_ids: [ids.lone] });
    expect(lone.label).toBe(lone.suggested_title);
    const all = body.items.flatMap((g: any) => g.example_session_ids);
    for (const excluded of ['scanStrong', 'scanResolved', 'tooOld', 'otherScan'])
      expect(all, excluded).not.toContain(ids[excluded]);
  });

  it('the period filter counts only sessions created in it', async () => {
    const week = await report('7d');
    expect(week.items.map((g: any) => g.sessions)).toEqual([3, 2, 1]);
    const quarter = await report('90d');
    expect(quarter.items[0].sessions).toBe(4);
    expect(quarter.items.flatMap((g: any) => g.example_session_ids)).not.toContain(ids.tooOld);
  });

  it('another account sees only its own gaps', async () => {
    const body = await report('30d', other.owner);
    expect(body.items).toEqual([
      expect.objectContaining({ sessions: 1, escalated: 1, example_session_ids: [ids.otherScan] }),
    ]);
  });

  it('senior roles only, like the other analytics; the period is checked', async () => {
    for (const role of ['owner', 'admin'] as const) await report('7d', c[role]);
    for (const role of ['tech', 'viewer'] as const)
      expect((await c[role].get('/api/v1/analytics/knowledge-gaps?period=7d')).status).toBe(403);
    expect((await c.engineer.get('/api/v1/analytics/knowledge-gaps?period=1y')).status).toBe(400);
  });
});
