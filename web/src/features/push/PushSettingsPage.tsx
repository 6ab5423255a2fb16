import { useEffect, useState, type FormEvent } from 'react';
import { Button } from '../../components/ui/Button';
import { Card } from '../../components/ui/Card';
import { Checkbox } from '../../components/ui/Checkbox';
import { EmptyState } from '../../components/ui/EmptyState';
import { Input } from '../../components/ui/Input';
import { LoadError } from '../../components/ui/LoadError';
import { QueryList } from '../../components/ui/QueryList';
import { Notice } from '../../components/ui/Notice';
import { Select } from '../../components/ui/Select';
import { LoadingState } from '../../components/ui/Spinner';
import { Table, Td, Th } from '../../components/ui/Table';
import { useToast } from '../../components/ui/Toast';
import { errorMessage } from '../../lib/errors';
import { formatTimeAgo } from '../../lib/timeAgo';
import { useNow } from '../../lib/useNow';
import { usePageTitle } from '../../lib/usePageTitle';
import { usePushDevices, usePushSettings, useRemovePushDevice, useSavePushSettings } from './api';
import { pushSupported } from './browserPush';
import { PushDeviceToggle } from './PushDeviceToggle';

const ZONES: string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC', 'Europe/London', 'America/New_York'];
  }
})();
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/**
 * Push notifications (SPEC §15): this device's opt-in, every device that receives pushes, and the
 * member's quiet hours (P1 escalations always come through).
 */
export function PushSettingsPage() {
  usePageTitle('Push notifications');
  return (
    <div className="flex flex-col gap-6">
      <Card
        title="This device"
        description="Escalations, re-escalations and claim reminders meant for you arrive on the lock screen."
      >
        <PushDeviceToggle />
      </Card>
      <DevicesCard />
      <QuietHoursCard />
    </div>
  );
}

function DevicesCard() {
  const now = useNow();
  const devices = usePushDevices();
  const remove = useRemovePushDevice();
  const { notify } = useToast();
  return (
    <Card title="Your devices" description="Every browser and phone where you turned push on." flush>
      <QueryList
        query={devices}
        what="devices"
        loadingLabel="Loading your devices…"
        flush
        empty={
          <div className="p-4 sm:p-5">
            <EmptyState
              title="No devices yet"
              description={
                pushSupported()
                  ? 'Turn push on above to add this one.'
                  : 'Open ResolutionFlow on your phone and turn push on there.'
              }
            />
          </div>
        }
      >
        {(items) => (
          <Table caption="Devices that receive push notifications">
            <thead>
              <tr>
                <Th>Device</Th>
                <Th className="hidden sm:table-cell">Added</Th>
                <Th>Last push</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id}>
                  <Td className="font-medium">{d.label || 'Unnamed device'}</Td>
                  <Td className="hidden text-slate-600 sm:table-cell dark:text-slate-400">
                    <time dateTime={d.created_at}>{formatTimeAgo(d.created_at, { now })}</time>
                  </Td>
                  <Td className="text-slate-600 dark:text-slate-400">
                    {d.last_sent_at ? (
                      <time dateTime={d.last_sent_at}>{formatTimeAgo(d.last_sent_at, { now })}</time>
                    ) : (
                      'None yet'
                    )}
                  </Td>
                  <Td className="text-right">
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={`Remove ${d.label || 'unnamed device'}`}
                      loading={remove.isPending && remove.variables === d.id}
                      onClick={() =>
                        remove.mutate(d.id, {
                          onSuccess: () => notify(`${d.label || 'The device'} gets no more pushes.`),
                        })
                      }
                    >
                      Remove
                    </Button>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </QueryList>
      {remove.isError && (
        <div className="p-4">
          <Notice tone="error">{errorMessage(remove.error)}</Notice>
        </div>
      )}
    </Card>
  );
}

function QuietHoursCard() {
  const settings = usePushSettings();
  const save = useSavePushSettings();
  const { notify } = useToast();
  const [enabled, setEnabled] = useState(false);
  const [timeZone, setTimeZone] = useState(browserZone);
  const [from, setFrom] = useState('22:00');
  const [to, setTo] = useState('07:00');

  useEffect(() => {
    const q = settings.data?.quiet_hours;
    if (!settings.data) return;
    setEnabled(q != null);
    if (q) {
      setTimeZone(q.time_zone);
      setFrom(q.from);
      setTo(q.to);
    }
  }, [settings.data]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      { quiet_hours: enabled ? { time_zone: timeZone, from, to } : null },
      { onSuccess: () => notify(enabled ? 'Quiet hours saved.' : 'Quiet hours turned off.') },
    );
  };
  const zones = ZONES.includes(timeZone) ? ZONES : [timeZone, ...ZONES];

  return (
    <Card
      title="Quiet hours"
      description="No pushes in this window, every day, in your time zone. P1 escalations always come through."
    >
      {settings.isPending && <LoadingState label="Loading quiet hours…" />}
      {settings.isError && (
        <LoadError what="quiet hours" error={settings.error} onRetry={() => void settings.refetch()} />
      )}
      {settings.isSuccess && (
        <form onSubmit={submit} className="flex flex-col gap-4">
          <Checkbox
            label="Hold back pushes during quiet hours"
            checked={enabled}
            onChange={(e) => setEnabled(e.target.checked)}
          />
          <div className="grid gap-4 sm:grid-cols-3">
            <Select
              label="Time zone"
              value={timeZone}
              disabled={!enabled}
              onChange={(e) => setTimeZone(e.target.value)}
              options={zones.map((z) => ({ value: z, label: z.replace(/_/g, ' ') }))}
            />
            <Input
              label="From"
              type="time"
              value={from}
              required
              disabled={!enabled}
              onChange={(e) => setFrom(e.target.value)}
            />
            <Input
              label="To"
              type="time"
              value={to}
              required
              disabled={!enabled}
              onChange={(e) => setTo(e.target.value)}
            />
          </div>
          {save.isError && <Notice tone="error">{errorMessage(save.error)}</Notice>}
          <div>
            <Button type="submit" variant="primary" loading={save.isPending}>
              Save quiet hours
            </Button>
          </div>
        </form>
      )}
    </Card>
  );
}
