/** Shapes of the analytics API (server/http/routes/analytics.ts). All durations are seconds; null = no data. */

export const PERIODS = ['7d', '30d', '90d'] as const;
export type Period = (typeof PERIODS)[number];

export const PERIOD_LABELS: Record<Period, string> = { '7d': '7 days', '30d': '30 days', '90d': '90 days' };
export const PERIOD_DAYS: Record<Period, number> = { '7d': 7, '30d': 30, '90d': 90 };

export interface DurationStats {
  avg: number | null;
  median: number | null;
  p90: number | null;
  p95: number | null;
  n: number;
}

export type SavingsStatus = 'met' | 'not_met' | 'not_enough_data';

export interface Savings {
  baseline_median: number | null;
  baseline_n: number;
  ttfa_median: number | null;
  escalations_per_week: number;
  /** Can be negative when the in-product time is slower than the verbal baseline. */
  hours_saved_per_week: number | null;
  criterion_met: boolean | null;
  status: SavingsStatus;
  arithmetic: string;
}

export interface SeriesDay {
  /** UTC day, YYYY-MM-DD. The server only sends days with activity. */
  day: string;
  escalations: number;
  claimed: number;
  time_to_claim_median: number | null;
  claims: number;
  with_action: number;
  time_to_first_action_median: number | null;
}

export interface Bucket {
  label: string;
  count: number;
}

export interface EscalationAnalytics {
  period: Period;
  from: string;
  to: string;
  time_to_claim: DurationStats;
  time_to_first_action: DurationStats;
  n_claimed: number;
  n_with_action: number;
  escalations: number;
  unclaimed: number;
  re_escalations: number;
  resolved_after_escalation: number;
  sessions_created: number;
  /** 0..1, null when no sessions were created in the period. */
  escalation_rate: number | null;
  metric_definition: string;
  savings: Savings;
  series: SeriesDay[];
  distribution: { time_to_claim: Bucket[]; time_to_first_action: Bucket[] };
}

export interface Baseline {
  id: string;
  seconds: number;
  note: string | null;
  measured_at: string;
  created_at: string;
}

export interface BaselineList {
  items: Baseline[];
  account: { n: number; median: number | null };
}

export function isPeriod(value: string | null | undefined): value is Period {
  return (PERIODS as readonly string[]).includes(value ?? '');
}
