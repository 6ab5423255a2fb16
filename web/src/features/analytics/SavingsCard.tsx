import { Link } from 'react-router';
import { Badge, type BadgeTone } from '../../components/ui/Badge';
import { Card } from '../../components/ui/Card';
import { formatDuration, formatHours, formatNumber } from './format';
import type { Schemas } from '../../api/client';

type Savings = Schemas['Savings'];
type SavingsStatus = Schemas['Savings']['status'];

export const SAVINGS_STATUS: Record<SavingsStatus, { label: string; tone: BadgeTone }> = {
  met: { label: 'Pilot criterion met', tone: 'success' },
  not_met: { label: 'Pilot criterion not met', tone: 'warning' },
  not_enough_data: { label: 'Not enough data', tone: 'neutral' },
};

export const linkClasses = 'font-medium text-accent-700 hover:underline dark:text-accent-300';

/**
 * The pilot question: does resuming work in ResolutionFlow beat a verbal handoff by more than an hour
 * a week? Shows the estimate, the verdict and the server's own arithmetic so the number can be checked.
 */
export function SavingsCard({ savings }: { savings: Savings }) {
  const status = SAVINGS_STATUS[savings.status] ?? SAVINGS_STATUS.not_enough_data;
  const hours = savings.hours_saved_per_week;
  return (
    <Card
      title="Hours saved per week"
      description="Verbal handoff baseline compared with time to first action in ResolutionFlow."
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <p className="text-3xl font-semibold tracking-tight text-slate-900 tabular-nums dark:text-slate-50">
          {formatHours(hours)}
        </p>
        <Badge tone={status.tone}>{status.label}</Badge>
      </div>
      {hours !== null && hours < 0 && (
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Work currently resumes more slowly than after a verbal handoff.
        </p>
      )}
      <p className="mt-3 text-xs break-words text-slate-700 dark:text-slate-300">
        <span className="sr-only">Calculation: </span>
        <code className="font-mono">{savings.arithmetic}</code>
      </p>
      <dl className="mt-4 grid grid-cols-2 gap-3 border-t border-slate-200 pt-3 text-sm dark:border-slate-800">
        <div>
          <dt className="text-xs font-medium text-slate-600 dark:text-slate-400">Baseline median</dt>
          <dd className="font-semibold text-slate-900 tabular-nums dark:text-slate-50">
            {formatDuration(savings.baseline_median)}
          </dd>
        </div>
        <div>
          <dt className="text-xs font-medium text-slate-600 dark:text-slate-400">Baseline timings</dt>
          <dd className="font-semibold text-slate-900 tabular-nums dark:text-slate-50">
            {savings.baseline_n}
          </dd>
        </div>
        <div>
          <dt className="text-xs font-medium text-slate-600 dark:text-slate-400">Escalations per week</dt>
          <dd className="font-semibold text-slate-900 tabular-nums dark:text-slate-50">
            {formatNumber(savings.escalations_per_week)}
          </dd>
        </div>
        <div>
          <dt className="text-xs font-medium text-slate-600 dark:text-slate-400">Criterion</dt>
          <dd className="font-semibold text-slate-900 dark:text-slate-50">More than 1 h/week</dd>
        </div>
      </dl>
      <p className="mt-3 text-sm">
        <Link to="/analytics/baseline" className={linkClasses}>
          Record baseline timings
        </Link>
      </p>
    </Card>
  );
}
