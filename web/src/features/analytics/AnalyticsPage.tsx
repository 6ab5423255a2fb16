import { lazy, Suspense } from 'react';
import { Link, useSearchParams } from 'react-router';
import { buttonClasses } from '../../components/ui/buttonStyles';
import { EmptyState } from '../../components/ui/EmptyState';
import { AnalyticsIcon } from '../../components/ui/icons';
import { LoadError } from '../../components/ui/LoadError';
import { PageHeader } from '../../components/ui/PageHeader';
import { SegmentedControl } from '../../components/ui/SegmentedControl';
import { LoadingState, Spinner } from '../../components/ui/Spinner';
import { formatDate } from '../../lib/format';
import { usePageTitle } from '../../lib/usePageTitle';
import type { Schemas } from '../../api/client';
import { escalationsCsvUrl, useEscalationAnalytics } from './api';
import { KnowledgeGapsCard } from './KnowledgeGapsCard';
import { CountsCard, DefinitionNote, DurationCard } from './MetricCards';
import { SavingsCard } from './SavingsCard';
import { isPeriod, PERIOD_LABELS, PERIODS, type Period } from './types';

type EscalationAnalytics = Schemas['EscalationAnalytics'];
import { useLiveAnalyticsRefresh } from './useLiveAnalyticsRefresh';

// recharts is large; the charts arrive in their own chunk while the numbers are already on screen.
const AnalyticsCharts = lazy(() => import('./charts/AnalyticsCharts'));

export const DEFAULT_PERIOD: Period = '30d';
const PERIOD_OPTIONS = PERIODS.map((value) => ({ value, label: PERIOD_LABELS[value] }));

/** The period from `?period=`, falling back to 30 days for anything missing or unknown. */
export function usePeriodParam(): [Period, (next: Period) => void] {
  const [params, setParams] = useSearchParams();
  const raw = params.get('period');
  const period = isPeriod(raw) ? raw : DEFAULT_PERIOD;
  const setPeriod = (next: Period) => {
    const merged = new URLSearchParams(params);
    merged.set('period', next);
    setParams(merged, { replace: true });
  };
  return [period, setPeriod];
}

export function AnalyticsPage() {
  usePageTitle('Analytics');
  useLiveAnalyticsRefresh();
  const [period, setPeriod] = usePeriodParam();
  const query = useEscalationAnalytics(period);
  // While another period loads, the previous numbers stay visible but are marked as stale. Background
  // refetches (live events) swap the numbers in quietly instead of dimming the page each time.
  const updating = query.isPlaceholderData;

  return (
    <>
      <PageHeader
        title="Analytics"
        description="How quickly escalations are picked up and worked, and whether that beats a verbal handoff."
        actions={
          <>
            <Link to="/analytics/baseline" className={buttonClasses('secondary', 'sm')}>
              Time a verbal handoff
            </Link>
            <a href={escalationsCsvUrl(period)} download className={buttonClasses('secondary', 'sm')}>
              Download CSV<span className="sr-only"> for the last {PERIOD_LABELS[period]}</span>
            </a>
          </>
        }
      />
      <div className="mb-6 flex flex-wrap items-center gap-x-4 gap-y-2">
        <SegmentedControl label="Period" options={PERIOD_OPTIONS} value={period} onChange={setPeriod} />
        <p className="flex items-center gap-2 text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
          {query.data && !query.isPlaceholderData && (
            <span>
              {formatDate(query.data.from)} – {formatDate(query.data.to)}
            </span>
          )}
          {updating && (
            <>
              <Spinner className="size-4" />
              <span>Updating…</span>
            </>
          )}
        </p>
      </div>

      {query.isPending && <LoadingState label="Loading analytics…" />}
      {query.isError && !query.data && (
        <LoadError what="analytics" error={query.error} onRetry={() => void query.refetch()} />
      )}
      {query.data && (
        <div
          aria-busy={updating || undefined}
          className={updating ? 'opacity-70 transition-opacity' : undefined}
        >
          <AnalyticsContent data={query.data} period={period} />
        </div>
      )}
      {/* Its own query: what to write next is worth seeing even in a period without escalations. */}
      <div className="mt-6">
        <KnowledgeGapsCard period={period} />
      </div>
    </>
  );
}

function isEmpty(data: EscalationAnalytics): boolean {
  return data.escalations === 0 && data.n_claimed === 0 && data.series.length === 0;
}

function AnalyticsContent({ data, period }: { data: EscalationAnalytics; period: Period }) {
  if (isEmpty(data)) {
    return (
      <div className="space-y-6">
        <EmptyState
          icon={<AnalyticsIcon className="size-6" />}
          title={`No escalations in the last ${PERIOD_LABELS[period]}`}
          description="Time to claim and time to first action appear here once techs escalate sessions and seniors claim them. Try a longer period, or time a few verbal handoffs now so the savings estimate has a baseline."
          action={
            <Link to="/analytics/baseline" className={buttonClasses('primary')}>
              Time a verbal handoff
            </Link>
          }
        />
        <DefinitionNote>{data.metric_definition}</DefinitionNote>
      </div>
    );
  }
  return (
    <div className="space-y-6">
      <div className="grid grid-cols-1 gap-6 md:grid-cols-2 xl:grid-cols-3">
        <DurationCard
          title="Time to claim"
          description="From escalation until a senior claims it."
          stats={data.time_to_claim}
          unit="claimed escalations"
        />
        <DurationCard
          title="Time to first action"
          description="From the claim until the senior’s first step, fact or note."
          stats={data.time_to_first_action}
          unit="claims with a first action"
        />
        <div className="md:col-span-2 xl:col-span-1">
          <SavingsCard savings={data.savings} />
        </div>
      </div>
      <DefinitionNote>{data.metric_definition}</DefinitionNote>
      <CountsCard data={data} />
      <Suspense fallback={<LoadingState label="Loading charts…" />}>
        <AnalyticsCharts data={data} />
      </Suspense>
    </div>
  );
}
