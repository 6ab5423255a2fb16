import { useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from 'recharts';
import { SegmentedControl } from '../../../components/ui/SegmentedControl';
import type { Schemas } from '../../../api/client';
import { ChartFrame, ChartTable, tdClasses, thClasses } from './ChartFrame';
import { AXIS_TICK, CHART_COLORS, TOOLTIP_BOX } from './chartTheme';

type Bucket = Schemas['EscalationAnalytics']['distribution']['time_to_claim'][number];
type EscalationAnalytics = Schemas['EscalationAnalytics'];

type Measure = 'time_to_first_action' | 'time_to_claim';

const MEASURES = [
  { value: 'time_to_first_action', label: 'Time to first action' },
  { value: 'time_to_claim', label: 'Time to claim' },
] as const;

const MEASURE_COLOR: Record<Measure, string> = {
  time_to_first_action: CHART_COLORS.timeToFirstAction,
  time_to_claim: CHART_COLORS.timeToClaim,
};

/** "0–30 s", "2–5 min", "> 30 min": the server's second-based bucket labels, in friendlier units. */
export function humanBucketLabel(label: string): string {
  const unit = (s: number) => (s >= 60 && s % 60 === 0 ? `${s / 60} min` : `${s} s`);
  const between = /^(\d+)\s*[–-]\s*(\d+)\s*s$/.exec(label.trim());
  if (between) {
    const [lo, hi] = [Number(between[1]), Number(between[2])];
    const sameMinutes = lo >= 60 && hi >= 60 && lo % 60 === 0 && hi % 60 === 0;
    return sameMinutes
      ? `${lo / 60}–${hi / 60} min`
      : lo === 0 || hi < 60
        ? `${lo}–${hi} s`
        : `${unit(lo)}–${unit(hi)}`;
  }
  const above = /^>\s*(\d+)\s*s$/.exec(label.trim());
  return above ? `> ${unit(Number(above[1]))}` : label;
}

interface Row {
  label: string;
  count: number;
}

function summarise(measureLabel: string, rows: readonly Row[]): string {
  const total = rows.reduce((sum, r) => sum + r.count, 0);
  if (total === 0) return `Distribution of ${measureLabel.toLowerCase()}: no measurements in this period.`;
  const top = rows.reduce((best, r) => (r.count > best.count ? r : best));
  const all = rows.map((r) => `${r.label}: ${r.count}`).join(', ');
  return `Distribution of ${measureLabel.toLowerCase()} over ${total} ${total === 1 ? 'escalation' : 'escalations'}; most often ${top.label} (${top.count}). ${all}.`;
}

/** A histogram of one measure, with a switch between time to first action and time to claim. */
export function DistributionChart({ distribution }: { distribution: EscalationAnalytics['distribution'] }) {
  const [measure, setMeasure] = useState<Measure>('time_to_first_action');
  const measureLabel = MEASURES.find((m) => m.value === measure)?.label ?? '';
  const rows: Row[] = (distribution[measure] ?? []).map((b: Bucket) => ({
    label: humanBucketLabel(b.label),
    count: b.count,
  }));
  return (
    <div className="space-y-3">
      <SegmentedControl label="Measure" size="sm" options={MEASURES} value={measure} onChange={setMeasure} />
      <ChartFrame
        name={`the distribution of ${measureLabel.toLowerCase()}`}
        summary={summarise(measureLabel, rows)}
        table={
          <ChartTable caption={`Distribution of ${measureLabel.toLowerCase()}`}>
            <thead>
              <tr>
                <th scope="col" className={thClasses}>
                  {measureLabel}
                </th>
                <th scope="col" className={thClasses}>
                  Escalations
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.label}>
                  <th scope="row" className={`${tdClasses} font-medium`}>
                    {row.label}
                  </th>
                  <td className={tdClasses}>{row.count}</td>
                </tr>
              ))}
            </tbody>
          </ChartTable>
        }
      >
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 600, height: 280 }}>
          <BarChart
            data={rows}
            layout="vertical"
            margin={{ top: 4, right: 12, bottom: 0, left: 0 }}
            accessibilityLayer={false}
          >
            <CartesianGrid stroke={CHART_COLORS.grid} horizontal={false} />
            <XAxis type="number" allowDecimals={false} tick={AXIS_TICK} stroke="currentColor" />
            <YAxis
              type="category"
              dataKey="label"
              tick={AXIS_TICK}
              stroke="currentColor"
              width={84}
              interval={0}
            />
            <Tooltip content={DistributionTooltip} cursor={{ fill: 'currentColor', fillOpacity: 0.08 }} />
            <Bar
              dataKey="count"
              name="Escalations"
              fill={MEASURE_COLOR[measure]}
              maxBarSize={28}
              radius={[0, 3, 3, 0]}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      </ChartFrame>
    </div>
  );
}

function DistributionTooltip({ active, payload }: TooltipContentProps) {
  const row = payload?.[0]?.payload as Row | undefined;
  if (!active || !row) return null;
  return (
    <div className={TOOLTIP_BOX}>
      <p className="font-semibold">{row.label}</p>
      <p>
        {row.count} {row.count === 1 ? 'escalation' : 'escalations'}
      </p>
    </div>
  );
}
