import { Card } from '../../../components/ui/Card';
import type { Schemas } from '../../../api/client';
import { DistributionChart } from './DistributionChart';
import { TimelineChart } from './TimelineChart';

type EscalationAnalytics = Schemas['EscalationAnalytics'];

/** Both charts; loaded on demand (React.lazy) so recharts stays out of the main bundle. */
export default function AnalyticsCharts({ data }: { data: EscalationAnalytics }) {
  return (
    <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
      <Card
        title="Escalations over time"
        description="Per day (UTC), with the daily median times in minutes."
      >
        <TimelineChart series={data.series} from={data.from} to={data.to} />
      </Card>
      <Card title="Distribution" description="How many escalations fell into each time range.">
        <DistributionChart distribution={data.distribution} />
      </Card>
    </div>
  );
}
