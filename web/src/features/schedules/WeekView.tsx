import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { LoadError } from '../../components/ui/LoadError';
import { LoadingState } from '../../components/ui/Spinner';
import { useWeek, type ScheduleWeek } from './api';

// Literal class names, so the stylesheet build keeps them.
const SWATCHES = [
  'bg-sky-500',
  'bg-emerald-500',
  'bg-amber-500',
  'bg-violet-500',
  'bg-rose-500',
  'bg-teal-600',
];
const NOBODY = 'bg-slate-200 dark:bg-slate-700';

type Block = ScheduleWeek['days'][number]['blocks'][number];
type Run = { from: string; to: string; who: string };

/** Consecutive hour blocks with the same person (and reason) as one line: "18:00–08:00 Sam (Evenings)". */
function runsOf(blocks: Block[]): Run[] {
  const runs: (Run & { key: string })[] = [];
  blocks.forEach((b, i) => {
    const key = `${b.user?.id ?? ''}|${b.source?.kind ?? ''}|${b.source?.layer_name ?? ''}`;
    const to = blocks[i + 1]?.local_time ?? '24:00';
    const last = runs.at(-1);
    if (last && last.key === key) last.to = to;
    else {
      const why = b.source?.kind === 'override' ? 'override' : b.source?.layer_name;
      runs.push({
        key,
        from: b.local_time,
        to,
        who: b.user ? `${b.user.name}${why ? ` (${why})` : ''}` : 'Nobody',
      });
    }
  });
  return runs;
}

/** `YYYY-MM-DD` moved by whole days (calendar arithmetic on the date alone, no time zone involved). */
const shiftDate = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

const dayLabel = (date: string) =>
  new Intl.DateTimeFormat(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));

/** Who is on call in each local hour of a week, in the schedule's own time zone. */
export function WeekView({ scheduleId }: { scheduleId: string }) {
  const [start, setStart] = useState('');
  const week = useWeek(scheduleId, start);
  if (week.isPending) return <LoadingState label="Loading the week…" />;
  if (week.isError)
    return <LoadError what="the week" error={week.error} onRetry={() => void week.refetch()} />;
  const { days, time_zone } = week.data;
  const first = days[0]!.date;
  const people = [...new Set(days.flatMap((d) => d.blocks.flatMap((b) => (b.user ? [b.user.id] : []))))];
  const swatch = (b: Block) => (b.user ? SWATCHES[people.indexOf(b.user.id) % SWATCHES.length] : NOBODY);
  return (
    <section aria-labelledby="week-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id="week-heading" className="text-sm font-semibold text-slate-900 dark:text-slate-100">
          Week of {dayLabel(first)} ({time_zone})
        </h3>
        <div className="flex gap-2">
          <Button size="sm" variant="secondary" onClick={() => setStart(shiftDate(first, -7))}>
            Previous week
          </Button>
          <Button size="sm" variant="secondary" onClick={() => setStart(shiftDate(first, 7))}>
            Next week
          </Button>
        </div>
      </div>
      <table className="w-full text-sm">
        <caption className="sr-only">Who is on call, hour by hour, local time in {time_zone}</caption>
        <thead>
          <tr className="text-left text-slate-600 dark:text-slate-400">
            <th scope="col" className="w-28 py-1 font-medium">
              Day
            </th>
            <th scope="col" className="py-1 font-medium">
              On call
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {days.map((d) => (
            <tr key={d.date} data-date={d.date}>
              <th
                scope="row"
                className="py-2 pr-3 text-left align-top font-medium text-slate-800 dark:text-slate-200"
              >
                {dayLabel(d.date)}
              </th>
              <td className="py-2">
                {/* The strip is a picture of the hour blocks; the lines below say the same in words. */}
                <div className="flex h-4 gap-px" aria-hidden="true">
                  {d.blocks.map((b) => (
                    <span
                      key={b.start}
                      className={`flex-1 rounded-sm ${swatch(b)}`}
                      title={`${b.local_time} ${b.user?.name ?? 'Nobody'}`}
                    />
                  ))}
                </div>
                <ul className="mt-1 flex flex-wrap gap-x-4 text-slate-700 dark:text-slate-300">
                  {runsOf(d.blocks).map((r, i) => (
                    <li key={`${r.from}-${i}`}>
                      {r.from}–{r.to} {r.who}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
