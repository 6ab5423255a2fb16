import { createRoute, z } from '@hono/zod-openapi';
import {
  deleteBaseline,
  listBaselines,
  recordBaseline,
  type BaselineRow,
} from '../../modules/baselines/baselines.service';
import {
  escalationAnalytics,
  escalationsCsv,
  PERIODS,
  type Period,
} from '../../modules/analytics/analytics.service';
import { ctxOf } from '../middleware/auth';
import { commonErrors, cookieAuth, createRouter, IdParam, jsonBody, jsonResponse } from '../openapi';

const PeriodQuery = z.object({
  period: z
    .enum(Object.keys(PERIODS) as [Period, ...Period[]], { message: 'period must be one of 7d, 30d, 90d' })
    .default('30d'),
});
/** Seconds; null when there is no data. */
const Stats = z.object({
  avg: z.number().nullable(),
  median: z.number().nullable(),
  p90: z.number().nullable(),
  p95: z.number().nullable(),
  n: z.number(),
});
const Savings = z
  .object({
    baseline_median: z.number().nullable(),
    baseline_n: z.number(),
    ttfa_median: z.number().nullable(),
    escalations_per_week: z.number(),
    hours_saved_per_week: z
      .number()
      .nullable()
      .describe('Negative when the in-product time is slower than the verbal baseline'),
    criterion_met: z.boolean().nullable(),
    status: z.enum(['met', 'not_met', 'not_enough_data']),
    arithmetic: z.string(),
    criterion: z
      .object({ hours_per_week: z.number(), min_baselines: z.number(), min_claimed: z.number() })
      .describe('The thresholds the status is judged by'),
  })
  .openapi('Savings');
const Bucket = z.object({
  label: z.string(),
  lo: z.number(),
  hi: z.number().nullable(),
  count: z.number(),
});
const Analytics = z
  .object({
    period: z.enum(Object.keys(PERIODS) as [Period, ...Period[]]),
    from: z.string(),
    to: z.string(),
    time_to_claim: Stats,
    time_to_first_action: Stats,
    n_claimed: z.number(),
    n_with_action: z.number(),
    escalations: z.number(),
    unclaimed: z.number(),
    re_escalations: z.number(),
    resolved_after_escalation: z.number(),
    sessions_created: z.number(),
    escalation_rate: z.number().nullable().describe('0..1; null when no sessions were created'),
    metric_definition: z.string(),
    savings: Savings,
    series: z
      .array(
        z.object({
          day: z.string().describe('UTC day, YYYY-MM-DD; only days with activity are sent'),
          escalations: z.number(),
          claimed: z.number(),
          time_to_claim_median: z.number().nullable(),
          claims: z.number(),
          with_action: z.number(),
          time_to_first_action_median: z.number().nullable(),
        }),
      )
      .describe('One entry per UTC day with escalations or claims, oldest first'),
    distribution: z.object({ time_to_claim: z.array(Bucket), time_to_first_action: z.array(Bucket) }),
  })
  .openapi('EscalationAnalytics');
const Baseline = z
  .object({
    id: z.string(),
    seconds: z.number(),
    note: z.string().nullable(),
    measured_at: z.string(),
    created_at: z.string(),
  })
  .openapi('BaselineMeasurement');
const BaselineBody = z
  .object({
    seconds: z.number().int().min(1, 'A handoff takes at least a second').max(86_400, 'At most 24 hours'),
    note: z.string().trim().max(500).optional(),
    measured_at: z.iso.datetime({ offset: true }).optional(),
  })
  .openapi('BaselineInput');

const present = (b: BaselineRow) => ({
  id: b.id,
  seconds: b.seconds,
  note: b.note,
  measured_at: b.measured_at.toISOString(),
  created_at: b.created_at.toISOString(),
});

const summary = createRoute({
  method: 'get',
  path: '/analytics/escalations',
  tags: ['analytics'],
  security: cookieAuth,
  summary:
    'Time to claim, time to first action, rates, daily series, distribution and savings (engineer, admin, owner)',
  request: { query: PeriodQuery },
  responses: { 200: jsonResponse(Analytics, 'Metrics'), ...commonErrors },
});
const csv = createRoute({
  method: 'get',
  path: '/analytics/escalations.csv',
  tags: ['analytics'],
  security: cookieAuth,
  summary: 'Escalations of the period with their timings, as CSV',
  request: { query: PeriodQuery },
  responses: {
    200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } },
    ...commonErrors,
  },
});
const listB = createRoute({
  method: 'get',
  path: '/baselines',
  tags: ['analytics'],
  security: cookieAuth,
  summary: 'Your stopwatch timings of verbal handoffs, with the account’s count and median',
  responses: {
    200: jsonResponse(
      z.object({
        items: z.array(Baseline),
        account: z.object({ n: z.number(), median: z.number().nullable() }),
      }),
      'Measurements',
    ),
    ...commonErrors,
  },
});
const createB = createRoute({
  method: 'post',
  path: '/baselines',
  tags: ['analytics'],
  security: cookieAuth,
  summary: 'Record a stopwatch timing of a verbal handoff',
  request: { body: jsonBody(BaselineBody) },
  responses: { 201: jsonResponse(z.object({ baseline: Baseline }), 'Recorded'), ...commonErrors },
});
const deleteB = createRoute({
  method: 'delete',
  path: '/baselines/{id}',
  tags: ['analytics'],
  security: cookieAuth,
  summary: 'Delete one of your measurements',
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...commonErrors },
});

export const analyticsRoutes = createRouter()
  .openapi(summary, async (c) =>
    c.json(await escalationAnalytics(ctxOf(c), c.req.valid('query').period), 200),
  )
  .openapi(csv, async (c) => {
    const { period } = c.req.valid('query');
    return c.body(await escalationsCsv(ctxOf(c), period), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="escalations-${period}.csv"`,
    });
  })
  .openapi(listB, async (c) => {
    const r = await listBaselines(ctxOf(c));
    return c.json(
      { items: r.items.map(present), account: { n: Number(r.account.n), median: r.account.median } },
      200,
    );
  })
  .openapi(createB, async (c) =>
    c.json({ baseline: present(await recordBaseline(ctxOf(c), c.req.valid('json'))) }, 201),
  )
  .openapi(deleteB, async (c) => {
    await deleteBaseline(ctxOf(c), c.req.valid('param').id);
    return c.body(null, 204);
  });
