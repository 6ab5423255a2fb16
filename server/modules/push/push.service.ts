import { createPublicKey } from 'node:crypto';
import type { z } from '@hono/zod-openapi';
import type { Config } from '../../config';
import { withTenant } from '../../db/tenant';
import type { Database } from '../../db/types';
import { badRequest, notFound } from '../../lib/app-error';
import { newId } from '../../lib/crypto';
import { secretBoxFor } from '../channels/channel-targets';
import type { Ctx } from '../context';
import { sealDeviceKeys } from './push-keys-seal';
import type { PushSettings, PushSubscribeBody } from './push.schemas';
import * as repo from './push.repo';
import { formatClock, isKnownTimeZone, parseClock } from './quiet-hours';
import { vapidKeys } from './vapid-keys';

/*
 * Web push (SPEC §15). Every member manages only their own devices and quiet hours: each use case
 * acts on the caller's rows (user_id = the actor) inside the caller's tenant, so there is nothing
 * to authorise beyond being signed in. Who gets pushed is decided where escalations fan out.
 */

/** The installation's public VAPID key: the browser's `applicationServerKey`. */
export async function vapidPublicKey(db: Database, config: Config) {
  return (await vapidKeys(db, config)).publicKey;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]']);

/**
 * A push endpoint is a push service's https URL. Outside production a loopback http URL is also
 * taken, for a local push service in tests. Where it points is checked again at every send by the
 * outbound guard (private addresses refused unless ALLOW_PRIVATE_WEBHOOKS in development).
 */
export function checkEndpoint(raw: string, isProduction: boolean): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badRequest('endpoint is not a URL', { field: 'endpoint' });
  }
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname) && !isProduction;
  if (url.protocol !== 'https:' && !loopbackHttp)
    throw badRequest('endpoint must be an https URL of a push service', { field: 'endpoint' });
  if (url.username || url.password)
    throw badRequest('endpoint must not carry credentials', { field: 'endpoint' });
  // Kept as the browser gave it: the web app recognises its own device by this exact string.
  return raw;
}

/** p256dh must be a point on P-256 (65 bytes, uncompressed); auth exactly 16 bytes. */
export function checkDeviceKeys(keys: { p256dh: string; auth: string }) {
  const base64url = /^[A-Za-z0-9_-]+={0,2}$/;
  const p256dh = base64url.test(keys.p256dh) ? Buffer.from(keys.p256dh, 'base64url') : Buffer.alloc(0);
  if (p256dh.length !== 65 || p256dh[0] !== 0x04)
    throw badRequest('keys.p256dh must be an uncompressed P-256 public key (65 bytes, base64url)', {
      field: 'keys.p256dh',
    });
  try {
    createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: p256dh.subarray(1, 33).toString('base64url'),
        y: p256dh.subarray(33).toString('base64url'),
      },
      format: 'jwk',
    });
  } catch {
    throw badRequest('keys.p256dh is not a point on the P-256 curve', { field: 'keys.p256dh' });
  }
  const auth = base64url.test(keys.auth) ? Buffer.from(keys.auth, 'base64url') : Buffer.alloc(0);
  if (auth.length !== 16) throw badRequest('keys.auth must be 16 bytes, base64url', { field: 'keys.auth' });
  return {
    p256dh: p256dh.toString('base64url'),
    auth: auth.toString('base64url'),
  };
}

/** Opts the caller's device in; the same endpoint again updates it. `created` is false then. */
export function subscribe(ctx: Ctx, config: Config, body: z.infer<typeof PushSubscribeBody>) {
  const endpoint = checkEndpoint(body.endpoint, config.isProduction);
  const keys = checkDeviceKeys(body.keys);
  const { accountId, id: userId } = ctx.actor;
  return withTenant(ctx.db, accountId, (tx) =>
    repo.upsertSubscription(
      tx,
      accountId,
      {
        id: newId(),
        userId,
        endpoint,
        keysSealed: sealDeviceKeys(secretBoxFor(config), accountId, endpoint, keys),
        label: body.label?.trim() ?? '',
      },
      ctx.now,
    ),
  );
}

export function listDevices(ctx: Ctx) {
  const { accountId, id } = ctx.actor;
  return withTenant(ctx.db, accountId, (tx) => repo.listSubscriptions(tx, accountId, id));
}

/** Opts one of the caller's devices out; someone else's device is "not found". */
export function unsubscribe(ctx: Ctx, subscriptionId: string) {
  const { accountId, id } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) => {
    if (!(await repo.deleteOwnSubscription(tx, accountId, id, subscriptionId))) throw notFound('Device');
  });
}

type Settings = z.infer<typeof PushSettings>;

export function pushSettings(ctx: Ctx): Promise<Settings> {
  const { accountId, id } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) => {
    const q = await repo.findQuietHours(tx, accountId, id);
    return {
      quiet_hours: q
        ? { time_zone: q.time_zone, from: formatClock(q.from_minute), to: formatClock(q.to_minute) }
        : null,
    };
  });
}

export function savePushSettings(ctx: Ctx, settings: Settings): Promise<Settings> {
  const q = settings.quiet_hours;
  if (q && !isKnownTimeZone(q.time_zone))
    throw badRequest(`Unknown time zone: ${q.time_zone}`, { field: 'quiet_hours.time_zone' });
  if (q && q.from === q.to)
    throw badRequest('Quiet hours need different start and end times', { field: 'quiet_hours.to' });
  const { accountId, id } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) => {
    await repo.saveQuietHours(
      tx,
      accountId,
      id,
      q ? { time_zone: q.time_zone, from_minute: parseClock(q.from), to_minute: parseClock(q.to) } : null,
      ctx.now,
    );
    return { quiet_hours: q };
  });
}
