import webpush from 'web-push';
import type { PushDevice, PushEncoder, PushOptions, PushRequest } from './push-encoder';
import type { VapidKeys } from './vapid-keys';

/**
 * `PushEncoder` on the `web-push` package (3.6.x). Only its request builder is used: it encrypts and
 * signs, and we send with our own HTTP client (address guard, timeout, no redirects), which the
 * package's own `sendNotification` (plain https.request) would bypass.
 */
export const webPushEncoder: PushEncoder = {
  encode(device: PushDevice, payload: string, vapid: VapidKeys, options: PushOptions): PushRequest {
    const details = webpush.generateRequestDetails(
      { endpoint: device.endpoint, keys: { p256dh: device.p256dh, auth: device.auth } },
      payload,
      {
        vapidDetails: { subject: vapid.subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey },
        TTL: options.ttlSeconds,
        urgency: options.urgency,
        topic: options.topic,
        contentEncoding: 'aes128gcm',
      },
    );
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(details.headers)) headers[name] = String(value);
    return { headers, body: details.body };
  },
};
