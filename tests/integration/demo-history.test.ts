import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { sessionsAwaitingProposal } from '../../server/modules/knowledge/proposals.service';
import { isDatabaseEmpty, seedDemo } from '../../server/seed/demo';
import { HISTORY_PROBLEMS } from '../../server/seed/demo-history-catalogue';
import { DEMO_PASSWORD } from '../../server/seed/demo-users';
import { createTestApp, type TestApp } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { TestClient } from '../helpers/test-client';

/**
 * Issue 20: on first start the demo account's analytics tell the product's story with figures drawn
 * from ninety days of history written through the product's own tables.
 */
describe('demo history: analytics have something true to say on first start', () => {
  let t: TestDatabase;
  let app: TestApp['app'];
  let senior: TestClient;
  const report: Record<string, any> = {};

  beforeAll(async () => {
    t = await createTestDatabase();
    expect(await isDatabaseEmpty(t.db)).toBe(true);
    await seedDemo(t.db);
    app = createTestApp(t.db).app;
    senior = new TestClient(app);
    await senior.login('senior@northwind.test', DEMO_PASSWORD);
    for (const period of ['7d', '30d', '90d']) {
      const res = await senior.get(`/api/v1/analytics/escalations?period=${period}`);
      expect(res.status).toBe(200);
      report[period] = res.body;
    }
    // Seeding runs the engine for the hand-written sessions: slow on a loaded machine.
  }, 180_000);
  afterAll(() => t.drop());

  it('30 days: n ≥ 30 for both timings and a savings figure judged met or not met', () => {
    const r = report['30d'];
    expect(r.time_to_claim.n).toBeGreaterThanOrEqual(30);
    expect(r.time_to_first_action.n).toBeGreaterThanOrEqual(30);
    expect(r.n_with_action).toBe(r.time_to_first_action.n);
    expect(['met', 'not_met']).toContain(r.savings.status);
    expect(r.savings.hours_saved_per_week).toEqual(expect.any(Number));
    expect(r.savings.baseline_n).toBeGreaterThanOrEqual(8);
    // The stopwatch baseline is a verbal handoff of four to six minutes.
    expect(r.savings.baseline_median).toBeGreaterThanOrEqual(240);
    expect(r.savings.baseline_median).toBeLessThanOrEqual(360);
  });

  it('every card and chart has figures: counts, rate, re-escalations, series and distributions', () => {
    for (const period of ['7d', '30d', '90d']) {
      const r = report[period];
      expect(r.escalations, period).toBeGreaterThan(0);
      expect(r.resolved_after_escalation, period).toBeGreaterThan(0);
      expect(r.escalation_rate, period).toBeGreaterThan(0.08);
      expect(r.escalation_rate, period).toBeLessThan(0.25);
      expect(r.time_to_claim.median, period).toBeGreaterThan(0);
      expect(r.time_to_first_action.median, period).toBeGreaterThan(0);
      // Several buckets filled: a distribution, not a single bar.
      const filled = (d: { count: number }[]) => d.filter((b) => b.count > 0).length;
      expect(filled(r.distribution.time_to_claim), period).toBeGreaterThanOrEqual(3);
      expect(filled(r.distribution.time_to_first_action), period).toBeGreaterThanOrEqual(2);
    }
    // The over-time chart spans the window, not two bars at its right edge.
    expect(report['30d'].series.length).toBeGreaterThanOrEqual(18);
    expect(report['90d'].series.length).toBeGreaterThanOrEqual(50);
    expect(report['30d'].re_escalations).toBeGreaterThan(0);
    expect(report['90d'].unclaimed + report['90d'].re_escalations).toBeGreaterThan(0);
    // The waiting escalation of today is unclaimed in every window.
    expect(report['7d'].unclaimed).toBeGreaterThanOrEqual(1);
  });

  it('the 7, 30 and 90-day views differ', () => {
    const [w, m, q] = ['7d', '30d', '90d'].map((p) => report[p]);
    expect(w.escalations).toBeLessThan(m.escalations);
    expect(m.escalations).toBeLessThan(q.escalations);
    expect(w.sessions_created).toBeLessThan(m.sessions_created);
    expect(m.sessions_created).toBeLessThan(q.sessions_created);
    // The team got quicker since adopting the product: the long view's first action is slower.
    expect(q.time_to_first_action.median).toBeGreaterThan(m.time_to_first_action.median);
    expect(new Set([w, m, q].map((r) => r.savings.hours_saved_per_week)).size).toBe(3);
  });

  it('knowledge gaps and proposals: weakly matched problems cluster, and the drafter has nothing left to draft', async () => {
    const gaps = await senior.get('/api/v1/analytics/knowledge-gaps?period=30d');
    expect(gaps.status).toBe(200);
    expect(gaps.body.items.length).toBeGreaterThanOrEqual(2);
    expect(gaps.body.items[0].sessions).toBeGreaterThanOrEqual(3);

    const owner = new TestClient(app);
    await owner.login('owner@northwind.test', DEMO_PASSWORD);
    const pending = await owner.get('/api/v1/knowledge/proposals?status=pending');
    expect(pending.status).toBe(200);
    expect(pending.body.items.length).toBeGreaterThanOrEqual(3);

    // Only the few sessions seeded through the services are left for the drafter, none of the history.
    const awaiting = await sessionsAwaitingProposal(t.db, new Date(), [], 500);
    const problems = new Set(HISTORY_PROBLEMS.map((p) => p.problem));
    const summaries = await t.db.query<{ problem_summary: string }>(
      `SELECT problem_summary FROM sessions WHERE id = ANY($1::uuid[])`,
      [awaiting.map((a) => a.id)],
    );
    expect(summaries.rows.filter((r) => problems.has(r.problem_summary))).toEqual([]);
  });

  it('leaves no background work behind: no pending assessment, nothing due for the policy', async () => {
    const { rows } = await t.db.query<{ pending: number; due: number }>(
      `SELECT count(*) FILTER (WHERE assessment_status = 'pending') AS pending,
              count(*) FILTER (WHERE next_fire_at IS NOT NULL AND claimed_by IS NULL AND resolved_at IS NULL) AS due
       FROM handoffs`,
    );
    expect(Number(rows[0]!.pending)).toBe(0);
    // Only today's waiting escalation is in the queue with a policy timer.
    expect(Number(rows[0]!.due)).toBeLessThanOrEqual(1);
  });

  it('each demo role has something to act on: seniors a waiting escalation, techs an active session', async () => {
    for (const email of ['senior@northwind.test', 'senior2@northwind.test']) {
      const c = new TestClient(app);
      await c.login(email, DEMO_PASSWORD);
      const queue = await c.get('/api/v1/handoffs/queue');
      expect(queue.body.items.length, email).toBeGreaterThanOrEqual(1);
    }
    for (const email of ['tech@northwind.test', 'tech2@northwind.test']) {
      const c = new TestClient(app);
      await c.login(email, DEMO_PASSWORD);
      const mine = await c.get('/api/v1/sessions?scope=mine&status=active');
      expect(mine.status).toBe(200);
      expect(mine.body.items.length, email).toBeGreaterThanOrEqual(1);
    }
  });

  it('the second account gets no history', async () => {
    const contoso = new TestClient(app);
    await contoso.login('senior@contoso.test', DEMO_PASSWORD);
    const r = await contoso.get('/api/v1/analytics/escalations?period=90d');
    expect(r.body.escalations).toBe(0);
    expect(r.body.savings.baseline_n).toBe(0);
  });
});

describe('demo seeding is only ever for the demo', () => {
  it('production turns seeding off even when SEED_DEMO=on', () => {
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://u@h/db',
      SESSION_SECRET: 's'.repeat(40),
      SMTP_URL: 'smtp://mail.example:587',
    };
    expect(loadConfig({ ...production, SEED_DEMO: 'on' }).seedDemo).toBe(false);
    expect(loadConfig({ ...production, SEED_DEMO: 'auto' }).seedDemo).toBe(false);
    expect(loadConfig({ SEED_DEMO: 'off' }).seedDemo).toBe(false);
  });

  it('seedDemo refuses to run under NODE_ENV=production and writes nothing', async () => {
    const t = await createTestDatabase();
    const before = process.env.NODE_ENV;
    try {
      process.env.NODE_ENV = 'production';
      await expect(seedDemo(t.db)).rejects.toThrow(/never seeded in production/);
    } finally {
      process.env.NODE_ENV = before;
    }
    expect(await isDatabaseEmpty(t.db)).toBe(true);
    await t.drop();
  });
});
