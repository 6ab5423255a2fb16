import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../server/db/tenant';
import { newId } from '../../server/lib/crypto';
import { createTestApp } from '../helpers/app';
import { clientsFor, type TestClient } from '../helpers/test-client';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { createTestAccount } from '../helpers/factories';
import { answerCurrent, startSession } from '../helpers/sessions';

const DAY = 86_400_000;
const TEAM = {
  senior: 'engineer',
  senior2: 'engineer',
  tech: 'tech',
  viewer: 'viewer',
  admin: 'admin',
} as const;

/** Linear-interpolation percentile, as PostgreSQL's percentile_cont computes it. */
function percentileCont(values: number[], p: number) {
  const s = [...values].sort((a, b) => a - b);
  const pos = p * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

describe('escalation analytics', () => {
  let t: TestDatabase;
  let now = new Date('2030-06-15T12:00:00Z');
  const clock = () => now;
  let app: ReturnType<typeof createTestApp>;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = createTestApp(t.db, { clock });
  });
  afterAll(async () => {
    await app.assessments.stop();
    await t.drop();
  });

  async function team() {
    const acct = await createTestAccount(t.db, TEAM);
    return { acct, c: await clientsFor(app.app, acct.users) };
  }
  const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000);

  /** Escalates at `start`, claims after `claimAfter` s, and (optionally) acts after `actAfter` s more. */
  async function flow(
    c: Record<keyof typeof TEAM, TestClient>,
    start: Date,
    claimAfter: number,
    actAfter: number | null,
  ) {
    now = start;
    const s = await startSession(c.tech);
    const h = (await c.tech.post(`/api/v1/sessions/${s.session.id}/handoffs`, { intent: 'escalate' })).body
      .handoff;
    now = at(start, claimAfter);
    expect((await c.senior.post(`/api/v1/handoffs/${h.id}/claim`)).status).toBe(200);
    if (actAfter !== null) {
      now = at(start, claimAfter + actAfter);
      expect((await answerCurrent(c.senior, s)).status).toBe(200);
    }
    return { session: s.session, handoff: h, started: s };
  }

  const get = (c: TestClient, period = '30d') => c.get(`/api/v1/analytics/escalations?period=${period}`);

  it('zero data: counts are 0 and durations null', async () => {
    const { c } = await team();
    now = new Date('2030-06-15T12:00:00Z');
    const res = await get(c.senior);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      period: '30d',
      time_to_claim: { avg: null, median: null, p90: null, p95: null, n: 0 },
      time_to_first_action: { avg: null, median: null, p90: null, p95: null, n: 0 },
      n_claimed: 0,
      n_with_action: 0,
      unclaimed: 0,
      escalation_rate: null,
      savings: { status: 'not_enough_data', criterion_met: null, hours_saved_per_week: null },
    });
    expect(res.body.metric_definition).toMatch(/in-product measure/i);
  });

  it('happy path: time to claim and time to first action by the claimer, with a claim that never acted', async () => {
    const { c } = await team();
    const base = new Date('2030-06-10T09:00:00Z');
    await flow(c, base, 60, 90);
    await flow(c, at(base, 3600), 120, 30);
    await flow(c, at(base, 7200), 30, null); // claimed, no action yet
    now = new Date('2030-06-15T12:00:00Z');
    const res = await get(c.senior);
    expect(res.body.time_to_claim).toEqual({ avg: 70, median: 60, p90: 108, p95: 114, n: 3 });
    expect(res.body.time_to_first_action).toMatchObject({ avg: 60, median: 60, n: 2 });
    expect(res.body).toMatchObject({
      n_claimed: 3,
      n_with_action: 2,
      unclaimed: 0,
      escalations: 3,
      sessions_created: 3,
      escalation_rate: 1,
    });
    expect(res.body.series.find((d: any) => d.day === '2030-06-10')).toMatchObject({
      escalations: 3,
      claimed: 3,
      claims: 3,
      with_action: 2,
    });
    const dist = res.body.distribution.time_to_first_action;
    expect(dist.reduce((n: number, b: any) => n + b.count, 0)).toBe(2);
  });

  it('assistant output and other people do not stop the clock; only the claimer’s step, fact or note does', async () => {
    const { acct, c } = await team();
    const start = new Date('2030-06-12T10:00:00Z');
    const { session, handoff } = await flow(c, start, 10, null);
    // The assistant proposes a step, another member's step is recorded: the clock keeps running.
    now = at(start, 40);
    await withTenant(t.db, acct.accountId, (tx) =>
      tx.query(
        `INSERT INTO session_steps (id, account_id, session_id, step_order, kind, content, source, actor_user_id, answered_at)
         VALUES ($1, $2, $3, 99, 'note', '{"text":"by someone else","options":[],"sources":[]}', 'user', $4, $5)`,
        [newId(), acct.accountId, session.id, acct.users.senior2.id, at(start, 40)],
      ),
    );
    now = at(start, 100);
    expect(
      (await c.senior.post(`/api/v1/sessions/${session.id}/facts`, { text: 'The claimer found this' }))
        .status,
    ).toBe(201);
    now = new Date('2030-06-15T12:00:00Z');
    const res = await get(c.senior);
    expect(res.body.time_to_first_action).toMatchObject({ median: 90, n: 1 });
    const row = await withTenant(t.db, acct.accountId, (tx) =>
      tx.query<{ first_action_at: Date }>(`SELECT first_action_at FROM handoffs WHERE id = $1`, [handoff.id]),
    );
    expect(row.rows[0]!.first_action_at.toISOString()).toBe(at(start, 100).toISOString());
  });

  it('window filtering: 7d, 30d and 90d each count what falls inside', async () => {
    const { c } = await team();
    const ref = new Date('2030-06-15T12:00:00Z');
    await flow(c, new Date(ref.getTime() - 3 * DAY), 20, 20);
    await flow(c, new Date(ref.getTime() - 20 * DAY), 20, 20);
    await flow(c, new Date(ref.getTime() - 60 * DAY), 20, 20);
    await flow(c, new Date(ref.getTime() - 120 * DAY), 20, 20);
    now = ref;
    expect((await get(c.senior, '7d')).body.time_to_claim.n).toBe(1);
    expect((await get(c.senior, '30d')).body.time_to_claim.n).toBe(2);
    expect((await get(c.senior, '90d')).body.time_to_claim.n).toBe(3);
    expect((await get(c.senior, '90d')).body.n_claimed).toBe(3);
  });

  it('several handoffs per session: a park is not counted; release and re-claim resets the first-action clock', async () => {
    const { c } = await team();
    const start = new Date('2030-06-14T08:00:00Z');
    now = start;
    const s = await startSession(c.tech);
    await c.tech.post(`/api/v1/sessions/${s.session.id}/handoffs`, { intent: 'park' });
    const h = (await c.tech.post(`/api/v1/sessions/${s.session.id}/handoffs`, { intent: 'escalate' })).body
      .handoff;
    now = at(start, 30);
    await c.senior.post(`/api/v1/handoffs/${h.id}/claim`);
    now = at(start, 50);
    await c.senior.post(`/api/v1/handoffs/${h.id}/release`);
    now = at(start, 200);
    await c.senior2.post(`/api/v1/handoffs/${h.id}/claim`);
    now = at(start, 260);
    await c.senior2.post(`/api/v1/sessions/${s.session.id}/steps`, { text: 'Looking at the firewall logs' });
    now = new Date('2030-06-15T12:00:00Z');
    const res = await get(c.senior);
    expect(res.body.escalations).toBe(1);
    expect(res.body.time_to_claim).toMatchObject({ median: 200, n: 1 });
    expect(res.body.time_to_first_action).toMatchObject({ median: 60, n: 1 });
  });

  it('a negative delta (clock skew between servers) is floored at 0', async () => {
    const { acct, c } = await team();
    const { handoff } = await flow(c, new Date('2030-06-13T08:00:00Z'), 30, 30);
    await withTenant(t.db, acct.accountId, (tx) =>
      tx.query(`UPDATE handoffs SET first_action_at = claimed_at - interval '4 seconds' WHERE id = $1`, [
        handoff.id,
      ]),
    );
    now = new Date('2030-06-15T12:00:00Z');
    expect((await get(c.senior)).body.time_to_first_action).toMatchObject({ median: 0, avg: 0, n: 1 });
  });

  it('percentiles match a reference computation on a fixed data set', async () => {
    const { acct, c } = await team();
    const claims = [5, 12, 12, 30, 47, 61, 75, 90, 133, 180, 240, 301, 415, 600, 1200, 3599, 7];
    const actions = [3, 9, 14, 20, 26, 33, 45, 58, 77, 101, 150, 222, 360, 500, 2, 1, 800];
    const base = new Date('2030-06-11T00:00:00Z').getTime();
    await withTenant(t.db, acct.accountId, async (tx) => {
      for (let i = 0; i < claims.length; i++) {
        const sessionId = newId();
        const created = new Date(base + i * 3_600_000);
        const claimed = new Date(created.getTime() + claims[i]! * 1000);
        await tx.query(
          `INSERT INTO sessions (id, account_id, user_id, status, intake, problem_summary, problem_domain) VALUES ($1, $2, $3, 'escalated', '{"problem":"x"}', 'x', 'other')`,
          [sessionId, acct.accountId, acct.users.tech.id],
        );
        await tx.query(
          `INSERT INTO handoffs (id, account_id, session_id, intent, handed_off_by, priority, snapshot, created_at, claimed_by, claimed_at, first_action_at)
           VALUES ($1, $2, $3, 'escalate', $4, 'p3', '{"problem_summary":"x","steps":[]}', $5, $6, $7, $8)`,
          [
            newId(),
            acct.accountId,
            sessionId,
            acct.users.tech.id,
            created,
            acct.users.senior.id,
            claimed,
            new Date(claimed.getTime() + actions[i]! * 1000),
          ],
        );
      }
    });
    now = new Date('2030-06-15T12:00:00Z');
    const res = (await get(c.senior)).body;
    const r1 = (x: number) => Math.round(x * 10) / 10;
    for (const [measure, values] of [
      ['time_to_claim', claims],
      ['time_to_first_action', actions],
    ] as const) {
      expect(res[measure]).toEqual({
        avg: r1(values.reduce((a, b) => a + b, 0) / values.length),
        median: r1(percentileCont(values, 0.5)),
        p90: r1(percentileCont(values, 0.9)),
        p95: r1(percentileCont(values, 0.95)),
        n: values.length,
      });
    }
  });

  it('savings: not enough data, then the arithmetic and the pilot criterion', async () => {
    const { c } = await team();
    const base = new Date('2030-06-09T09:00:00Z');
    for (let i = 0; i < 5; i++) await flow(c, at(base, i * 3600), 30, 20);
    now = new Date('2030-06-15T12:00:00Z');
    for (const seconds of [200, 260, 300, 320])
      expect((await c.senior.post('/api/v1/baselines', { seconds })).status).toBe(201);
    const before = (await get(c.senior, '7d')).body.savings;
    expect(before).toMatchObject({ status: 'not_enough_data', criterion_met: null, baseline_n: 4 });
    await c.senior2.post('/api/v1/baselines', { seconds: 400, note: 'Printer escalation, phone call' });
    const s = (await get(c.senior, '7d')).body.savings;
    // Median baseline 300 s, in-product median 20 s, 5 escalations in 7 days = 5 per week.
    expect(s).toMatchObject({
      baseline_median: 300,
      ttfa_median: 20,
      escalations_per_week: 5,
      baseline_n: 5,
    });
    expect(s.hours_saved_per_week).toBeCloseTo(((300 - 20) * 5) / 3600, 2);
    expect(s.status).toBe('not_met');
    expect(s.arithmetic).toContain('= 0.39 h/week');
  });

  it('baselines: seniors record, list and delete their own; techs and viewers 403; validation', async () => {
    const { c } = await team();
    const made = await c.senior.post('/api/v1/baselines', { seconds: 310, note: 'VPN handoff' });
    expect(made.status).toBe(201);
    expect((await c.senior.post('/api/v1/baselines', { seconds: 0 })).status).toBe(400);
    expect((await c.senior.post('/api/v1/baselines', { seconds: 'five' })).status).toBe(400);
    expect((await c.tech.post('/api/v1/baselines', { seconds: 30 })).status).toBe(403);
    const list = await c.senior.get('/api/v1/baselines');
    expect(list.body.items.map((b: any) => b.id)).toContain(made.body.baseline.id);
    expect((await c.senior2.delete(`/api/v1/baselines/${made.body.baseline.id}`)).status).toBe(404);
    expect((await c.senior.delete(`/api/v1/baselines/${made.body.baseline.id}`)).status).toBe(204);
  });

  it('roles, period validation and tenant isolation', async () => {
    const { c } = await team();
    const other = await team();
    await flow(other.c, new Date('2030-06-14T09:00:00Z'), 30, 30);
    now = new Date('2030-06-15T12:00:00Z');
    for (const role of ['tech', 'viewer'] as const) {
      const res = await get(c[role]);
      expect(res.status).toBe(403);
      expect((await c[role].get('/api/v1/analytics/escalations.csv?period=7d')).status).toBe(403);
    }
    for (const bad of ['1d', '30', '', 'all', '7D'])
      expect((await c.senior.get(`/api/v1/analytics/escalations?period=${bad}`)).status, bad).toBe(400);
    expect((await get(c.admin)).body.time_to_claim.n).toBe(0);
    expect((await get(other.c.senior)).body.time_to_claim.n).toBe(1);
  });

  it('CSV export lists the escalations with their timings and defuses formulas', async () => {
    const { c } = await team();
    now = new Date('2030-06-14T09:00:00Z');
    const s = await startSession(c.tech, '=HYPERLINK("http://evil")&" printer offline"');
    const h = (await c.tech.post(`/api/v1/sessions/${s.session.id}/handoffs`, { intent: 'escalate' })).body
      .handoff;
    now = new Date('2030-06-14T09:01:00Z');
    await c.senior.post(`/api/v1/handoffs/${h.id}/claim`);
    // The probe's cell: with `;` as the list separator (Excel in many locales) "=1+2" would be a cell.
    now = new Date('2030-06-14T10:00:00Z');
    const s2 = await startSession(c.tech, 'Printer jam;=1+2;x');
    const h2 = (await c.tech.post(`/api/v1/sessions/${s2.session.id}/handoffs`, { intent: 'escalate' })).body
      .handoff;
    now = new Date('2030-06-15T12:00:00Z');
    const res = await c.senior.get('/api/v1/analytics/escalations.csv?period=7d');
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'id,created_at,priority,problem_summary,ticket,escalated_by,claimed_by,claimed_at,first_action_at,resolved_at,policy_level,time_to_claim_seconds,time_to_first_action_seconds',
    );
    expect(lines).toHaveLength(3);
    const first = lines.find((l) => l.includes(h.id))!;
    expect(first).toContain(`"'=HYPERLINK(""http://evil"")&"" printer offline"""`);
    expect(first).toMatch(/,60,$/);
    const second = lines.find((l) => l.includes(h2.id))!;
    expect(second).toContain(',"Printer jam;=1+2;x",');
  });

  it('the daily series of days already over follows later changes to them (stored days are invalidated)', async () => {
    const { acct, c } = await team();
    // Real dates: the database's own clock decides which days are over, as in production.
    const today = Math.floor(Date.now() / DAY) * DAY;
    const threeDaysAgo = new Date(today - 3 * DAY + 10 * 3600_000);
    const dayLabel = threeDaysAgo.toISOString().slice(0, 10);
    const { started, handoff } = await flow(c, threeDaysAgo, 60, null);
    now = new Date(today + 12 * 3600_000);
    const dayOf = async () => (await get(c.senior, '7d')).body.series.find((d: any) => d.day === dayLabel);
    expect(await dayOf()).toMatchObject({
      escalations: 1,
      claimed: 1,
      claims: 1,
      with_action: 0,
      time_to_first_action_median: null,
    });
    const dayNumber = Math.floor(threeDaysAgo.getTime() / DAY);
    const stored = () =>
      withTenant(t.db, acct.accountId, (tx) =>
        tx.query<{ measure: string; fresh: boolean; generation: number }>(
          `SELECT measure, fresh, generation FROM analytics_days WHERE day = $1 ORDER BY measure`,
          [dayNumber],
        ),
      );
    expect((await stored()).rows).toHaveLength(2);
    expect((await stored()).rows.every((r) => r.fresh)).toBe(true);

    // The claimer acts today on a claim made three days ago: that day's first-action figures change.
    expect((await answerCurrent(c.senior, started)).status).toBe(200);
    const afterAction = (await stored()).rows.find((r) => r.measure === 'first_action')!;
    expect(afterAction.fresh).toBe(false);
    const day = await dayOf();
    expect(day).toMatchObject({ claims: 1, with_action: 1 });
    expect(day.time_to_first_action_median).toBeGreaterThan(3 * 86_400 - 3600);

    // A reader that computed a day before a change may not store it as fresh afterwards.
    await c.senior.post(`/api/v1/handoffs/${handoff.id}/release`);
    const tombstone = (await stored()).rows.find((r) => r.measure === 'first_action')!;
    expect(tombstone).toMatchObject({ fresh: false, generation: afterAction.generation + 1 });
    const { storeDays } = await import('../../server/modules/analytics/analytics-days.repo');
    await withTenant(t.db, acct.accountId, (tx) =>
      storeDays(tx, acct.accountId, 'first_action', [
        { day: dayNumber, total: 1, reached: 1, median: 1, buckets: [1], generation: afterAction.generation },
      ]),
    );
    expect((await stored()).rows.find((r) => r.measure === 'first_action')).toMatchObject({ fresh: false });
    expect(await dayOf()).toMatchObject({ escalations: 1, claimed: 0 });
    expect((await dayOf()).claims ?? 0).toBe(0);
  });
});
