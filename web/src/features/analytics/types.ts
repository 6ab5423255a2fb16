// The periods the analytics pages offer; the numbers themselves are `Schemas['EscalationAnalytics']`.
import type { paths } from '../../api/schema.gen';

export type Period = NonNullable<
  NonNullable<paths['/analytics/escalations']['get']['parameters']['query']>['period']
>;

export const PERIODS = ['7d', '30d', '90d'] as const satisfies readonly Period[];

export const PERIOD_LABELS: Record<Period, string> = { '7d': '7 days', '30d': '30 days', '90d': '90 days' };
export const PERIOD_DAYS: Record<Period, number> = { '7d': 7, '30d': 30, '90d': 90 };

export function isPeriod(value: string | null | undefined): value is Period {
  return (PERIODS as readonly string[]).includes(value ?? '');
}
