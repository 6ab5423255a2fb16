import type { ReactNode } from 'react';
import { Card } from '../../components/ui/Card';
import { cx } from '../../components/ui/cx';
import { formatDuration, formatNumber, formatPercent } from './format';
import type { Schemas } from '../../api/client';

type DurationStats = Schemas['EscalationAnalytics']['time_to_claim'];
type EscalationAnalytics = Schemas['EscalationAnalytics'];

const termClasses = 'text-xs font-medium text-slate-600 dark:text-slate-400';
const valueClasses = 'font-semibold text-slate-900 tabular-nums dark:text-slate-50';

interface DurationCardProps {
  title: string;
  description: string;
  stats: DurationStats;
  /** What `n` counts, e.g. "claimed escalations". */
  unit: string;
}

/** One duration measure: the median up front, then average, p90, p95 and how many values it rests on. */
export function DurationCard({ title, description, stats, unit }: DurationCardProps) {
  return (
    <Card title={title} description={description}>
      <dl>
        <dt className={termClasses}>Median</dt>
        <dd className={cx(valueClasses, 'mt-1 text-3xl tracking-tight')}>{formatDuration(stats.median)}</dd>
      </dl>
      {/* A list of its own: dt/dd groups may be wrapped in one div inside a dl, not two. */}
      <dl className="mt-4 grid grid-cols-3 gap-3 border-t border-slate-200 pt-3 dark:border-slate-800">
        <Stat term="Average" value={formatDuration(stats.avg)} />
        <Stat term="90th percentile" shortTerm="p90" value={formatDuration(stats.p90)} />
        <Stat term="95th percentile" shortTerm="p95" value={formatDuration(stats.p95)} />
      </dl>
      <p className="mt-3 text-xs text-slate-600 dark:text-slate-400">
        Based on {stats.n} {unit}.
      </p>
    </Card>
  );
}

function Stat({ term, shortTerm, value }: { term: string; shortTerm?: string; value: string }) {
  return (
    <div className="min-w-0">
      <dt className={termClasses}>
        {shortTerm ? (
          <abbr title={term} className="no-underline">
            {shortTerm}
            <span className="sr-only"> ({term})</span>
          </abbr>
        ) : (
          term
        )}
      </dt>
      <dd className={cx(valueClasses, 'mt-0.5 text-sm')}>{value}</dd>
    </div>
  );
}

interface CountItem {
  term: string;
  value: string;
  hint?: string;
}

/** The volume around the timings: how many escalations, claims, actions and outcomes. */
export function CountsCard({ data }: { data: EscalationAnalytics }) {
  const items: CountItem[] = [
    { term: 'Escalations', value: formatNumber(data.escalations), hint: 'Raised in this period' },
    { term: 'Claimed', value: formatNumber(data.n_claimed), hint: 'Claims made in this period' },
    {
      term: 'With first action',
      value: formatNumber(data.n_with_action),
      hint: 'Claims the senior acted on',
    },
    { term: 'Unclaimed', value: formatNumber(data.unclaimed), hint: 'Still waiting, not resolved' },
    { term: 'Re-escalations', value: formatNumber(data.re_escalations), hint: 'Moved up a policy level' },
    {
      term: 'Resolved after escalation',
      value: formatNumber(data.resolved_after_escalation),
    },
    {
      term: 'Escalation rate',
      value: formatPercent(data.escalation_rate),
      hint: `Of ${data.sessions_created} ${data.sessions_created === 1 ? 'session' : 'sessions'} started`,
    },
  ];
  return (
    <Card title="Escalation counts">
      <dl className="grid grid-cols-2 gap-x-4 gap-y-5 sm:grid-cols-3 lg:grid-cols-4 xl:grid-cols-7">
        {items.map((item) => (
          <div key={item.term} className="min-w-0">
            <dt className={termClasses}>{item.term}</dt>
            <dd className={cx(valueClasses, 'mt-1 text-2xl')}>{item.value}</dd>
            {item.hint && <dd className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">{item.hint}</dd>}
          </div>
        ))}
      </dl>
    </Card>
  );
}

/** The server's metric definition, quoted so nobody reads more into the numbers than they measure. */
export function DefinitionNote({ children }: { children: ReactNode }) {
  return (
    <aside
      aria-label="How these numbers are measured"
      className="rounded-md border border-slate-200 bg-slate-50 px-4 py-3 text-sm text-slate-700 dark:border-slate-800 dark:bg-slate-900/60 dark:text-slate-300"
    >
      <p>
        <span className="font-semibold text-slate-900 dark:text-slate-100">How this is measured: </span>
        {children}
      </p>
    </aside>
  );
}
