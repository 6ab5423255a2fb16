import { z } from '@hono/zod-openapi';

/** A browser's PushSubscription as `subscription.toJSON()` gives it, plus an optional device label. */
export const PushSubscribeBody = z
  .object({
    endpoint: z.string().min(1).max(2048).openapi({ example: 'https://fcm.googleapis.com/fcm/send/abc…' }),
    keys: z.object({
      /** The browser's P-256 public key, uncompressed (65 bytes), base64url. */
      p256dh: z.string().min(1).max(200),
      /** The 16-byte authentication secret, base64url. */
      auth: z.string().min(1).max(100),
    }),
    /** How the device is shown in one's list, e.g. "Chrome on Android". */
    label: z.string().max(100).optional(),
    /** PushSubscription.expirationTime, which browsers send along; not used. */
    expirationTime: z.number().nullable().optional(),
  })
  .openapi('PushSubscribeBody');

export const PushDevice = z
  .object({
    id: z.string(),
    /** The push service URL of this browser: lets the web app recognise the device it runs on. */
    endpoint: z.string(),
    label: z.string(),
    created_at: z.string(),
    last_sent_at: z.string().nullable(),
  })
  .openapi('PushDevice');

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

export const QuietHours = z
  .object({
    /** IANA time zone, e.g. Europe/London. */
    time_zone: z.string().min(1).max(64),
    /** Local start, HH:MM (24 h). */
    from: z.string().regex(CLOCK, 'must be HH:MM (00:00–23:59)'),
    /** Local end, HH:MM; before `from` means the window spans midnight. */
    to: z.string().regex(CLOCK, 'must be HH:MM (00:00–23:59)'),
  })
  .openapi('QuietHours');

export const PushSettings = z
  .object({
    /** Null: pushes at any hour. P1 escalations always come through. */
    quiet_hours: QuietHours.nullable(),
  })
  .openapi('PushSettings');
