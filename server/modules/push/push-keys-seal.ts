import type { SecretBox } from '../../lib/secret-box';
import type { PushTargetDevice } from '../deliveries/senders/push';

/** A browser's payload keys (base64url): p256dh, its P-256 public key; auth, a 16-byte shared secret. */
export type DeviceKeys = { p256dh: string; auth: string };

/**
 * AAD of a device's sealed keys: bound to the tenant and the endpoint (unique within the account),
 * so keys copied onto another row or into another account do not open.
 */
const context = (accountId: string, endpoint: string) => `push_subscriptions:${accountId}:${endpoint}:keys`;

export const sealDeviceKeys = (box: SecretBox, accountId: string, endpoint: string, keys: DeviceKeys) =>
  box.seal(JSON.stringify({ p256dh: keys.p256dh, auth: keys.auth }), context(accountId, endpoint));

/** The device as the push sender needs it; throws when the configured keys cannot open it. */
export function openDevice(
  box: SecretBox,
  accountId: string,
  row: { id: string; endpoint: string; keys_sealed: string },
): PushTargetDevice {
  const keys = JSON.parse(box.open(row.keys_sealed, context(accountId, row.endpoint))) as DeviceKeys;
  return { subscriptionId: row.id, endpoint: row.endpoint, p256dh: keys.p256dh, auth: keys.auth };
}
