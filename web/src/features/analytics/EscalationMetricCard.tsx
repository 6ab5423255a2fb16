import { useId, useState } from 'react';
import { Link } from 'react-router';
import { cx } from '../../components/ui/cx';
import { Spinner } from '../../components/ui/Spinner';
import { errorMessage } from '../../lib/errors';
import { useEscalationAnalytics } from './api';
import { formatDuration } from './format';
import { useLiveAnalyticsRefresh } from './useLiveAnalyticsRefresh';

const PERIOD = '30d';

/**
 * A compact summary for the top of the escalation queue: average and median time to first action over
 * 30 days, how many claims it rests on, the metric definition on demand and a link to the full page.
 * Shares its query (['analytics', 'escalations', '30d']) with the analytics page.
 */
export function EscalationMetricCard({ className }: { className?: string }) {
  useLiveAnalyticsRefresh();
  const query = useEscalationAnalytics(PERIOD);
  const [showDefinition, setShowDefinition] = useState(false);
  const headingId = useId();
  const definitionId = useId();
  const data = query.data;

  return (
    <section
      aria-labelledby={headingId}
      className={cx(
        'rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm dark:border-slate-800 dark:bg-slate-900',
        className,
      )}
    >
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h2 id={headingId} className="text-sm font-semibold text-slate-900 dark:text-slate-50">
          Time to first action{' '}
          <span className="font-normal text-slate-600 dark:text-slate-400">· last 30 days</span>
        </h2>
        <Link
          to="/analytics"
          className="text-sm font-medium text-accent-700 hover:underline dark:text-accent-300"
        >
          View analytics
        </Link>
      </div>

      {query.isPending && (
        <p role="status" className="mt-2 flex items-center gap-2 text-sm text-slate-600 dark:text-slate-400">
          <Spinner className="size-4" /> Loading…
        </p>
      )}
      {query.isError && !data && (
        <p className="mt-2 text-sm text-red-700 dark:text-red-400">
          {errorMessage(query.error)}{' '}
          <button type="button" onClick={() => void query.refetch()} className="font-medium underline">
            Try again
          </button>
        </p>
      )}
      {data && (
        <>
          <dl className="mt-2 flex flex-wrap items-end gap-x-6 gap-y-2">
            <div>
              <dt className="text-xs font-medium text-slate-600 dark:text-slate-400">Median</dt>
              <dd className="text-xl font-semibold text-slate-900 tabular-nums dark:text-slate-50">
                {formatDuration(data.time_to_first_action.median)}
              </dd>
            </div>
            <div>
              <dt className="text-xs font-medium text-slate-600 dark:text-slate-400">Average</dt>
              <dd className="text-xl font-semibold text-slate-900 tabular-nums dark:text-slate-50">
                {formatDuration(data.time_to_first_action.avg)}
              </dd>
            </div>
            <div>
              <dt className="text-xs font-medium text-slate-600 dark:text-slate-400">
                Claims with a first action
              </dt>
              <dd className="text-xl font-semibold text-slate-900 tabular-nums dark:text-slate-50">
                {data.n_with_action}{' '}
                <span className="text-sm font-normal text-slate-600 dark:text-slate-400">
                  of {data.n_claimed}
                </span>
              </dd>
            </div>
          </dl>
          <div className="mt-2 flex items-start gap-2 text-xs text-slate-600 dark:text-slate-400">
            <p id={definitionId} className={cx('min-w-0 flex-1', !showDefinition && 'line-clamp-1')}>
              {data.metric_definition}
            </p>
            <button
              type="button"
              aria-expanded={showDefinition}
              aria-controls={definitionId}
              onClick={() => setShowDefinition((open) => !open)}
              className="inline-flex size-5 shrink-0 items-center justify-center rounded-full border border-slate-300 font-semibold text-slate-700 hover:bg-slate-100 dark:border-slate-600 dark:text-slate-200 dark:hover:bg-slate-800"
            >
              <span aria-hidden="true">?</span>
              <span className="sr-only">{showDefinition ? 'Hide' : 'Show'} how this is measured</span>
            </button>
          </div>
        </>
      )}
    </section>
  );
}
