import type { VapidKeys } from './vapid-keys';

/**
 * Turning a payload into the request a push service accepts (RFC 8030 / 8291 / 8292): the payload
 * encrypted for one browser (aes128gcm with its p256dh and auth keys) and a VAPID Authorization
 * header signed with the installation's key. An interface of its own because the library behind it
 * (`web-push`) is no longer maintained: a replacement only has to implement `encode`. Sending the
 * request is not its business (our guarded HTTP client does that).
 */
export type PushDevice = { endpoint: string; p256dh: string; auth: string };

export type PushOptions = {
  /** How long the push service keeps the message for an offline device. */
  ttlSeconds: number;
  urgency: 'very-low' | 'low' | 'normal' | 'high';
  /** A newer message with the same topic replaces one still waiting (≤ 32 base64url characters). */
  topic?: string;
};

export type PushRequest = { headers: Record<string, string>; body: Buffer };

export interface PushEncoder {
  encode(device: PushDevice, payload: string, vapid: VapidKeys, options: PushOptions): PushRequest;
}
