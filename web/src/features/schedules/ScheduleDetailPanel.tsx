import { useState, type FormEvent } from 'react';
import type { Schemas } from '../../api/client';
import { Button } from '../../components/ui/Button';
import { Card } from '../../components/ui/Card';
import { CopyField } from '../../components/ui/CopyField';
import { Input } from '../../components/ui/Input';
import { LoadError } from '../../components/ui/LoadError';
import { Notice } from '../../components/ui/Notice';
import { Select } from '../../components/ui/Select';
import { LoadingState } from '../../components/ui/Spinner';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import {
  useAddOverride,
  useDeleteOverride,
  useOnCall,
  useRotateCalendarLink,
  useSchedule,
  type OnCall,
  type ScheduleDetail,
} from './api';
import { WeekView } from './WeekView';

const why = (s: OnCall['source']) => (s?.kind === 'override' ? 'override' : (s?.layer_name ?? ''));

function OnCallNow({ scheduleId }: { scheduleId: string }) {
  const q = useOnCall(scheduleId);
  if (q.isPending) return <LoadingState label="Checking who is on call…" />;
  if (q.isError) return <LoadError what="who is on call" error={q.error} onRetry={() => void q.refetch()} />;
  const { user, source, until, next } = q.data;
  return (
    <p className="text-sm text-slate-800 dark:text-slate-200" data-testid="on-call-now">
      <strong>On call now:</strong>{' '}
      {user ? `${user.name} (${why(source)})` : 'nobody — the policy’s catch-all is paged'}
      {until && `, until ${formatDateTime(until)}`}.
      {next && ` Next: ${next.user.name} (${why(next.source)}) from ${formatDateTime(next.start)}.`}
    </p>
  );
}

/** Datetime-local values are the browser's local time; the API wants instants. */
const instant = (local: string) => new Date(local).toISOString();

function OverridesCard({ detail, seniors }: { detail: ScheduleDetail; seniors: Schemas['Member'][] }) {
  const add = useAddOverride();
  const remove = useDeleteOverride();
  const [userId, setUserId] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const id = detail.schedule.id;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!userId || !start || !end) return;
    add.mutate(
      { id, body: { user_id: userId, start: instant(start), end: instant(end) } },
      { onSuccess: () => (setStart(''), setEnd('')) },
    );
  };
  return (
    <Card
      title="Overrides"
      description="Someone covers a stretch, over every layer. Times are in your browser’s time zone."
    >
      {detail.overrides.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No current or upcoming overrides.</p>
      ) : (
        <ul aria-label="Overrides" className="mb-4 space-y-2 text-sm">
          {detail.overrides.map((o) => (
            <li key={o.id} className="flex flex-wrap items-center gap-3">
              <span>
                {o.user.name}: {formatDateTime(o.start)} – {formatDateTime(o.end)}
              </span>
              <Button
                size="sm"
                variant="ghost"
                loading={remove.isPending && remove.variables?.overrideId === o.id}
                onClick={() => remove.mutate({ id, overrideId: o.id })}
              >
                Remove override of {o.user.name}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={submit} className="grid items-end gap-4 sm:grid-cols-4" aria-label="Add an override">
        <Select
          label="Who covers"
          value={userId}
          required
          onChange={(e) => setUserId(e.target.value)}
          options={[
            { value: '', label: 'Choose a member…' },
            ...seniors.map((m) => ({ value: m.id, label: m.name })),
          ]}
        />
        <Input
          label="From"
          type="datetime-local"
          required
          value={start}
          onChange={(e) => setStart(e.target.value)}
        />
        <Input
          label="Until"
          type="datetime-local"
          required
          value={end}
          onChange={(e) => setEnd(e.target.value)}
        />
        <Button type="submit" variant="secondary" loading={add.isPending}>
          Add override
        </Button>
      </form>
      {add.isError && (
        <Notice tone="error" className="mt-3">
          {errorMessage(add.error)}
        </Notice>
      )}
    </Card>
  );
}

function CalendarLinkCard({ detail }: { detail: ScheduleDetail }) {
  const rotate = useRotateCalendarLink();
  const [url, setUrl] = useState<string | null>(null);
  const existing = detail.schedule.has_calendar_feed;
  return (
    <Card
      title="Calendar feed"
      description="A private iCalendar link (past week and next four weeks) for Google Calendar, Outlook or a phone. Anyone with the link can read the rota."
    >
      {url ? (
        <div className="space-y-2">
          <CopyField label="Calendar link" value={url} autoFocus />
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Shown once: copy it now. A new link revokes this one.
          </p>
        </div>
      ) : (
        <Button
          variant="secondary"
          loading={rotate.isPending}
          onClick={() => rotate.mutate(detail.schedule.id, { onSuccess: (r) => setUrl(r.calendar_url) })}
        >
          {existing ? 'Replace calendar link' : 'Create calendar link'}
        </Button>
      )}
      {rotate.isError && <Notice tone="error">{errorMessage(rotate.error)}</Notice>}
    </Card>
  );
}

/** One schedule: who is on call, the week, overrides and the calendar link. */
export function ScheduleDetailPanel({
  scheduleId,
  seniors,
}: {
  scheduleId: string;
  seniors: Schemas['Member'][];
}) {
  const detail = useSchedule(scheduleId);
  if (detail.isPending) return <LoadingState label="Loading the schedule…" />;
  if (detail.isError)
    return <LoadError what="the schedule" error={detail.error} onRetry={() => void detail.refetch()} />;
  return (
    <div className="space-y-6">
      <Card title={detail.data.schedule.name} description={`Time zone ${detail.data.schedule.time_zone}`}>
        <div className="space-y-4">
          <OnCallNow scheduleId={scheduleId} />
          <WeekView scheduleId={scheduleId} />
        </div>
      </Card>
      <OverridesCard detail={detail.data} seniors={seniors} />
      <CalendarLinkCard detail={detail.data} />
    </div>
  );
}
