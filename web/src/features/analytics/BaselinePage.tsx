import { Link } from 'react-router';
import { PageHeader } from '../../components/ui/PageHeader';
import { usePageTitle } from '../../lib/usePageTitle';
import { MeasurementsCard } from './MeasurementsCard';
import { linkClasses } from './SavingsCard';
import { StopwatchCard } from './StopwatchCard';

/** /analytics/baseline: stopwatch timings of verbal handoffs, the "before" for the savings estimate. */
export function BaselinePage({ now }: { now?: () => number }) {
  usePageTitle('Time a verbal handoff');
  return (
    <>
      <p className="mb-2 text-sm">
        <Link to="/analytics" className={linkClasses}>
          <span aria-hidden="true">← </span>Back to analytics
        </Link>
      </p>
      <PageHeader
        title="Time a verbal handoff"
        description="Time a handoff done the old way: from “can you take this ticket?” until the senior starts working on it."
      />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-5">
        <div className="lg:col-span-3">
          <StopwatchCard now={now} />
        </div>
        <div className="min-w-0 lg:col-span-2">
          <MeasurementsCard />
        </div>
      </div>
      <p className="mt-6 max-w-prose text-sm text-slate-600 dark:text-slate-400">
        The savings estimate on the analytics page compares the median of your team’s timings with the time to
        first action measured in ResolutionFlow. It needs at least five timings.
      </p>
    </>
  );
}
