import { Button } from '../../components/ui/Button';
import { Notice } from '../../components/ui/Notice';
import { usePushDevice } from './usePushDevice';

const STATUS_TEXT = {
  unsupported:
    'This browser cannot receive push notifications. On an iPhone or iPad, add ResolutionFlow to the Home Screen first.',
  checking: 'Checking this device…',
  denied:
    'Notifications are blocked for this site. Allow them in the browser’s site settings to turn push on.',
  off: 'Push notifications are off on this device.',
  on: 'Push notifications are on for this device: escalations reach its lock screen.',
} as const;

/**
 * Turns push on or off for the device the app runs on. `compact` is the one-line form under the
 * notification bell; it renders nothing where push cannot work.
 */
export function PushDeviceToggle({ compact = false }: { compact?: boolean }) {
  const push = usePushDevice();
  if (compact && (push.status === 'unsupported' || push.status === 'checking')) return null;
  const button =
    push.status === 'on' ? (
      <Button size="sm" variant="secondary" loading={push.busy} onClick={() => void push.disable()}>
        Turn off push on this device
      </Button>
    ) : push.status === 'off' || push.status === 'denied' ? (
      <Button size="sm" variant="primary" loading={push.busy} onClick={() => void push.enable()}>
        Turn on push on this device
      </Button>
    ) : null;
  return (
    <div className={compact ? 'flex flex-col gap-2 px-4 py-2' : 'flex flex-col gap-3'}>
      <p
        role="status"
        data-push-status={push.status}
        className={
          compact
            ? 'text-xs text-slate-600 dark:text-slate-400'
            : 'text-sm text-slate-700 dark:text-slate-300'
        }
      >
        {STATUS_TEXT[push.status]}
      </p>
      {button && <div>{button}</div>}
      {push.error && <Notice tone="error">{push.error}</Notice>}
    </div>
  );
}
