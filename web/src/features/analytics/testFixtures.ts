import type { ResponseOf, Schemas } from '../../api/client';

type BaselineList = ResponseOf<'get', '/baselines'>;
type EscalationAnalytics = Schemas['EscalationAnalytics'];
type Savings = Schemas['Savings'];

export const DEFINITION =
  'Time to first action is measured inside ResolutionFlow: from the moment a senior engineer claims an escalation to their first step answered, fact or note in that session. It is an in-product measure.';

export function makeSavings(overrides: Partial<Savings> = {}): Savings {
  return {
    baseline_median: 600,
    baseline_n: 6,
    ttfa_median: 45,
    escalations_per_week: 8.1,
    hours_saved_per_week: 1.25,
    criterion_met: true,
    status: 'met',
    arithmetic: '(600 s baseline − 45 s in product) × 8.1 escalations/week ÷ 3600 = 1.25 h/week',
    criterion: { hours_per_week: 1, min_baselines: 5, min_claimed: 5 },
    ...overrides,
  };
}

export function makeAnalytics(overrides: Partial<EscalationAnalytics> = {}): EscalationAnalytics {
  return {
    period: '30d',
    from: '2030-05-16T12:00:00.000Z',
    to: '2030-06-15T12:00:00.000Z',
    time_to_claim: { avg: 100.5, median: 90, p90: 300, p95: 420, n: 4 },
    time_to_first_action: { avg: 62, median: 45, p90: 150, p95: 3720, n: 3 },
    n_claimed: 4,
    n_with_action: 3,
    escalations: 5,
    unclaimed: 1,
    re_escalations: 2,
    resolved_after_escalation: 3,
    sessions_created: 20,
    escalation_rate: 0.25,
    metric_definition: DEFINITION,
    savings: makeSavings(),
    series: [
      {
        day: '2030-06-10',
        escalations: 3,
        claimed: 2,
        time_to_claim_median: 90,
        claims: 2,
        with_action: 2,
        time_to_first_action_median: 60,
      },
      {
        day: '2030-06-12',
        escalations: 2,
        claimed: 2,
        time_to_claim_median: 120,
        claims: 2,
        with_action: 1,
        time_to_first_action_median: 30,
      },
    ],
    distribution: {
      time_to_claim: [
        { label: '0–30 s', lo: 0, hi: 30, count: 0 },
        { label: '30–60 s', lo: 30, hi: 60, count: 1 },
        { label: '60–120 s', lo: 60, hi: 120, count: 3 },
        { label: '> 1800 s', lo: 1800, hi: null, count: 0 },
      ],
      time_to_first_action: [
        { label: '0–30 s', lo: 0, hi: 30, count: 1 },
        { label: '30–60 s', lo: 30, hi: 60, count: 2 },
        { label: '60–120 s', lo: 60, hi: 120, count: 0 },
        { label: '> 1800 s', lo: 1800, hi: null, count: 0 },
      ],
    },
    ...overrides,
  };
}

export function emptyAnalytics(): EscalationAnalytics {
  const none = { avg: null, median: null, p90: null, p95: null, n: 0 };
  return makeAnalytics({
    time_to_claim: none,
    time_to_first_action: none,
    n_claimed: 0,
    n_with_action: 0,
    escalations: 0,
    unclaimed: 0,
    re_escalations: 0,
    resolved_after_escalation: 0,
    sessions_created: 0,
    escalation_rate: null,
    series: [],
    savings: makeSavings({
      baseline_median: null,
      baseline_n: 0,
      ttfa_median: null,
      escalations_per_week: 0,
      hours_saved_per_week: null,
      criterion_met: null,
      status: 'not_enough_data',
      arithmetic: 'Needs at least 5 baseline measurements (have 0) and 5 claimed escalations (have 0).',
    }),
  });
}

export function makeBaselines(overrides: Partial<BaselineList> = {}): BaselineList {
  return {
    items: [
      {
        id: 'b1',
        seconds: 420,
        note: 'Ticket 4711, printer',
        measured_at: '2030-06-14T10:00:00.000Z',
        created_at: '2030-06-14T10:00:00.000Z',
      },
      {
        id: 'b2',
        seconds: 95,
        note: null,
        measured_at: '2030-06-13T10:00:00.000Z',
        created_at: '2030-06-13T10:00:00.000Z',
      },
    ],
    account: { n: 7, median: 330 },
    ...overrides,
  };
}
