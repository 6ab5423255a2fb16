import { Badge } from '../../../components/ui/Badge';
import { Button } from '../../../components/ui/Button';
import { cx } from '../../../components/ui/cx';
import { useToast } from '../../../components/ui/Toast';
import { errorMessage } from '../../../lib/errors';
import { CHANNEL_KIND_LABELS, ChannelKindIcon, eventLabel } from '../notificationLabels';
import { useTestChannel, useUpdateChannel, type Channel } from './api';

interface ChannelRowProps {
  channel: Channel;
  onEdit: () => void;
  onDelete: () => void;
}

export function ChannelRow({ channel, onEdit, onDelete }: ChannelRowProps) {
  const { notify } = useToast();
  const update = useUpdateChannel();
  const test = useTestChannel();

  const toggle = () => {
    const enabled = !channel.enabled;
    update.mutate(
      { id: channel.id, changes: { enabled } },
      {
        onSuccess: () => notify(`“${channel.name}” ${enabled ? 'enabled' : 'disabled'}.`),
        onError: (error) => notify(errorMessage(error, 'Could not change the channel.'), 'error'),
      },
    );
  };

  return (
    <li className="flex flex-col gap-3 px-4 py-4 sm:px-5 lg:flex-row lg:items-start">
      <div className="flex min-w-0 flex-1 gap-3">
        <span className="mt-0.5 shrink-0 self-start rounded-md bg-slate-100 p-2 text-slate-600 dark:bg-slate-800 dark:text-slate-300">
          <ChannelKindIcon kind={channel.kind} />
        </span>
        <div className="min-w-0 flex-1">
          <h3 className="flex flex-wrap items-center gap-2 font-medium text-slate-900 dark:text-slate-50">
            <span className="break-all">{channel.name}</span>
            {!channel.enabled && <Badge>Disabled</Badge>}
          </h3>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {CHANNEL_KIND_LABELS[channel.kind]} ·{' '}
            <span className="font-mono text-xs break-all" title="Stored encrypted; shown masked">
              {channel.target}
            </span>
          </p>
          <ul aria-label={`Events for ${channel.name}`} className="mt-2 flex flex-wrap gap-1.5">
            {channel.events.map((event) => (
              <li key={event}>
                <Badge tone="accent">{eventLabel(event)}</Badge>
              </li>
            ))}
          </ul>
          <TestResult test={test} />
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-2 lg:justify-end">
        <EnabledSwitch
          name={channel.name}
          checked={channel.enabled}
          pending={update.isPending}
          onToggle={toggle}
        />
        <Button
          size="sm"
          loading={test.isPending}
          onClick={() => test.mutate(channel.id)}
          aria-label={`Send test to ${channel.name}`}
        >
          Send test
        </Button>
        <Button size="sm" onClick={onEdit} aria-label={`Edit ${channel.name}`}>
          Edit
        </Button>
        <Button size="sm" variant="ghost" onClick={onDelete} aria-label={`Delete ${channel.name}`}>
          Delete
        </Button>
      </div>
    </li>
  );
}

/** Always rendered, so the live region exists before a result lands in it. */
function TestResult({ test }: { test: ReturnType<typeof useTestChannel> }) {
  const failed = test.isError || (test.data && !test.data.ok);
  return (
    <p
      role="status"
      className={cx(
        'mt-2 text-sm empty:mt-0',
        failed ? 'text-red-700 dark:text-red-400' : 'text-emerald-700 dark:text-emerald-400',
      )}
    >
      {test.isError && `Test failed: ${errorMessage(test.error)}`}
      {test.data?.ok && 'Test message sent. Check that it arrived.'}
      {test.data && !test.data.ok && `Test failed: ${test.data.error ?? 'the receiver did not accept it.'}`}
    </p>
  );
}

interface SwitchProps {
  name: string;
  checked: boolean;
  pending: boolean;
  onToggle: () => void;
}

function EnabledSwitch({ name, checked, pending, onToggle }: SwitchProps) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-label={`Enabled: ${name}`}
      disabled={pending}
      onClick={onToggle}
      className="mr-1 inline-flex items-center gap-2 rounded-md py-1 text-sm text-slate-700 disabled:opacity-60 dark:text-slate-300"
    >
      <span
        aria-hidden="true"
        className={cx(
          'relative inline-flex h-5 w-9 shrink-0 rounded-full transition-colors',
          checked ? 'bg-accent-600 dark:bg-accent-400' : 'bg-slate-300 dark:bg-slate-600',
        )}
      >
        <span
          className={cx(
            'absolute top-0.5 size-4 rounded-full bg-white shadow transition-transform dark:bg-slate-100',
            checked ? 'translate-x-4.5' : 'translate-x-0.5',
          )}
        />
      </span>
      <span aria-hidden="true">{checked ? 'On' : 'Off'}</span>
    </button>
  );
}
