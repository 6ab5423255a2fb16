import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from 'recharts';
import { formatDay, formatDuration } from '../format';
import type { Schemas } from '../../../api/client';
import { ChartFrame, ChartTable, tdClasses, thClasses, type LegendItem } from './ChartFrame';
import { AXIS_TICK, CHART_COLORS, TOOLTIP_BOX } from './chartTheme';
import { timelinePoints, timelineSummary, type TimelinePoint } from './timeline';

type SeriesDay = Schemas['EscalationAnalytics']['series'][number];

const LEGEND: readonly LegendItem[] = [
  { label: 'Escalations (left axis)', color: CHART_COLORS.escalations, shape: 'bar' },
  { label: 'Median time to claim, min (right axis)', color: CHART_COLORS.timeToClaim, shape: 'dashed' },
  {
    label: 'Median time to first action, min (right axis)',
    color: CHART_COLORS.timeToFirstAction,
    shape: 'line',
  },
];

interface TimelineChartProps {
  series: readonly SeriesDay[];
  from: string;
  to: string;
}

/** Escalations per day as bars (left axis) with the two daily medians as lines in minutes (right axis). */
export function TimelineChart({ series, from, to }: TimelineChartProps) {
  const points = timelinePoints(series, from, to);
  return (
    <ChartFrame
      name="escalations over time"
      summary={timelineSummary(points, series)}
      legend={LEGEND}
      table={<TimelineTable series={series} />}
    >
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 600, height: 280 }}>
        <ComposedChart
          data={points}
          margin={{ top: 8, right: 4, bottom: 0, left: -8 }}
          accessibilityLayer={false}
        >
          <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
          <XAxis
            dataKey="label"
            tick={AXIS_TICK}
            stroke="currentColor"
            interval="preserveStartEnd"
            minTickGap={16}
          />
          <YAxis yAxisId="count" allowDecimals={false} tick={AXIS_TICK} stroke="currentColor" width={40} />
          <YAxis
            yAxisId="minutes"
            orientation="right"
            tick={AXIS_TICK}
            stroke="currentColor"
            width={56}
            tickFormatter={(value: number) => `${value} min`}
          />
          <Tooltip content={TimelineTooltip} cursor={{ fill: 'currentColor', fillOpacity: 0.08 }} />
          <Bar
            yAxisId="count"
            dataKey="escalations"
            name="Escalations"
            fill={CHART_COLORS.escalations}
            maxBarSize={28}
            radius={[3, 3, 0, 0]}
            isAnimationActive={false}
          />
          <Line
            yAxisId="minutes"
            dataKey="ttcMinutes"
            name="Median time to claim"
            stroke={CHART_COLORS.timeToClaim}
            strokeWidth={2}
            strokeDasharray="6 4"
            dot={{ r: 3, fill: CHART_COLORS.timeToClaim, strokeWidth: 0 }}
            connectNulls
            isAnimationActive={false}
          />
          <Line
            yAxisId="minutes"
            dataKey="ttfaMinutes"
            name="Median time to first action"
            stroke={CHART_COLORS.timeToFirstAction}
            strokeWidth={2.5}
            dot={{ r: 3.5, fill: CHART_COLORS.timeToFirstAction, strokeWidth: 0 }}
            connectNulls
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

function TimelineTooltip({ active, payload }: TooltipContentProps) {
  const point = payload?.[0]?.payload as TimelinePoint | undefined;
  if (!active || !point) return null;
  const row = point.source;
  return (
    <div className={TOOLTIP_BOX}>
      <p className="font-semibold">{formatDay(point.day, true)}</p>
      <p>Escalations: {point.escalations}</p>
      <p>Median time to claim: {formatDuration(row?.time_to_claim_median)}</p>
      <p>Median time to first action: {formatDuration(row?.time_to_first_action_median)}</p>
    </div>
  );
}

function TimelineTable({ series }: { series: readonly SeriesDay[] }) {
  return (
    <ChartTable caption="Escalations and median times per day (days without activity are left out)">
      <thead>
        <tr>
          <th scope="col" className={thClasses}>
            Day (UTC)
          </th>
          <th scope="col" className={thClasses}>
            Escalations
          </th>
          <th scope="col" className={thClasses}>
            Claimed
          </th>
          <th scope="col" className={thClasses}>
            Median time to claim
          </th>
          <th scope="col" className={thClasses}>
            Claims
          </th>
          <th scope="col" className={thClasses}>
            With first action
          </th>
          <th scope="col" className={thClasses}>
            Median time to first action
          </th>
        </tr>
      </thead>
      <tbody>
        {series.map((row) => (
          <tr key={row.day}>
            <th scope="row" className={`${tdClasses} font-medium whitespace-nowrap`}>
              {formatDay(row.day, true)}
            </th>
            <td className={tdClasses}>{row.escalations}</td>
            <td className={tdClasses}>{row.claimed}</td>
            <td className={tdClasses}>{formatDuration(row.time_to_claim_median)}</td>
            <td className={tdClasses}>{row.claims}</td>
            <td className={tdClasses}>{row.with_action}</td>
            <td className={tdClasses}>{formatDuration(row.time_to_first_action_median)}</td>
          </tr>
        ))}
      </tbody>
    </ChartTable>
  );
}
