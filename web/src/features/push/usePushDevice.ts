import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../lib/errors';
import { deviceLabel } from '../settings/sign-in-sessions/deviceLabel';
import {
  useRemovePushDevice,
  usePushDevices,
  useSavePushSubscription,
  useVapidKey,
  type PushDevice,
} from './api';
import {
  currentSubscription,
  notificationPermission,
  pushSupported,
  subscribeThisBrowser,
} from './browserPush';

export type PushDeviceStatus = 'unsupported' | 'checking' | 'denied' | 'off' | 'on';

/**
 * Push on the device the app runs on: on when this browser has a subscription the server knows
 * as one of the member's devices. `enable` must run from a click (browsers ask for permission only
 * then); `disable` removes the device on the server and ends the browser's subscription.
 */
export function usePushDevice() {
  const supported = pushSupported();
  const devices = usePushDevices(supported);
  const key = useVapidKey(supported);
  const save = useSavePushSubscription();
  const remove = useRemovePushDevice();
  // undefined while the browser is being asked; null when it has no subscription.
  const [endpoint, setEndpoint] = useState<string | null | undefined>(undefined);
  const [permission, setPermission] = useState(notificationPermission);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!supported) return;
    let live = true;
    currentSubscription()
      .then((s) => live && setEndpoint(s?.endpoint ?? null))
      .catch(() => live && setEndpoint(null));
    return () => {
      live = false;
    };
  }, [supported]);

  const device: PushDevice | undefined = devices.data?.find((d) => d.endpoint === endpoint);
  const status: PushDeviceStatus = !supported
    ? 'unsupported'
    : endpoint === undefined || devices.isPending
      ? 'checking'
      : device
        ? 'on'
        : permission === 'denied'
          ? 'denied'
          : 'off';

  const enable = useCallback(async () => {
    setBusy(true);
    setError(null);
    try {
      const publicKey = key.data ?? (await key.refetch()).data;
      if (!publicKey) throw new Error('Could not load the server’s push key. Please try again.');
      const body = await subscribeThisBrowser(publicKey);
      await save.mutateAsync({ ...body, label: deviceLabel(navigator.userAgent) });
      setEndpoint(body.endpoint);
    } catch (err) {
      setError(errorMessage(err, 'Could not turn on push notifications.'));
    } finally {
      setPermission(notificationPermission());
      setBusy(false);
    }
  }, [key, save]);

  const disable = useCallback(async () => {
    setBusy(true);
    setError(null);
    try {
      if (device) await remove.mutateAsync(device.id);
      await (await currentSubscription())?.unsubscribe();
      setEndpoint(null);
    } catch (err) {
      setError(errorMessage(err, 'Could not turn off push notifications.'));
    } finally {
      setBusy(false);
    }
  }, [device, remove]);

  return { status, device, enable, disable, busy, error, loadError: devices.error ?? key.error };
}
