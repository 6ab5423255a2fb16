import { EmptyState } from '../../components/ui/EmptyState';
import { AnalyticsIcon } from '../../components/ui/icons';
import { PageHeader } from '../../components/ui/PageHeader';
import { usePageTitle } from '../../lib/usePageTitle';

export function AnalyticsPage() {
  usePageTitle('Analytics');
  return (
    <>
      <PageHeader title="Analytics" description="How quickly and how well your team resolves issues." />
      <EmptyState
        icon={<AnalyticsIcon className="size-6" />}
        title="No data yet"
        description="Resolution times, escalation rates and the most common issues will be charted here once sessions have been recorded."
      />
    </>
  );
}
