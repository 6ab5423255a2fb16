import type { Config } from '../../../config';
import { withTenant } from '../../../db/tenant';
import type { Database } from '../../../db/types';
import { exchangeJson, OutboundHttpError } from '../../../lib/outbound-http';
import { redactUrlSecrets } from '../../../lib/url-secrets';
import type { PushDevice, PushEncoder } from '../../push/push-encoder';
import { pushPayload } from '../../push/push-payload';
import { deleteSubscription, markSubscriptionUsed } from '../../push/push.repo';
import { vapidKeys } from '../../push/vapid-keys';
import { webPushEncoder } from '../../push/web-push-encoder';
import { PermanentDeliveryError, type HttpSendOptions, type OutboundMessage } from './types';

/** A device as the outbox sends to it: the subscription row and its opened keys. */
export type PushTargetDevice = PushDevice & { subscriptionId: string };

export type PushSenderOptions = {
  http: HttpSendOptions;
  db: Database;
  config: Config;
  clock: () => Date;
  encoder?: PushEncoder;
};

/** An escalation waiting longer than this is re-escalated anyway; an older alert would only mislead. */
const TTL_SECONDS = 3600;

/**
 * Web push through the device's push service. 201 (any 2xx) is delivered. 404 and 410 mean the
 * browser dropped the subscription (unsubscribed, reinstalled, expired): the device is removed and
 * the row is dead at once, since no retry can reach it. Anything else is retried like other sends.
 */
export function createPushSender(o: PushSenderOptions) {
  const encoder = o.encoder ?? webPushEncoder;
  return async (msg: OutboundMessage, device: PushTargetDevice) => {
    const vapid = await vapidKeys(o.db, o.config);
    const payload = JSON.stringify(pushPayload(msg.notice, o.config.appUrl));
    const request = encoder.encode(device, payload, vapid, {
      ttlSeconds: TTL_SECONDS,
      urgency: 'high',
      // The handoff id without dashes: 32 characters, the most a Topic may have.
      topic: msg.notice.handoffId?.replace(/-/g, ''),
    });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      // exchangeJson sets the length itself; the type travels lower-case so it is not sent twice.
      if (name.toLowerCase() === 'content-length') continue;
      headers[name.toLowerCase() === 'content-type' ? 'content-type' : name] = value;
    }
    const res = await exchangeJson('POST', device.endpoint, request.body, headers, o.http);
    if (res.status >= 200 && res.status < 300) {
      await withTenant(o.db, msg.accountId, (tx) =>
        markSubscriptionUsed(tx, msg.accountId, device.subscriptionId, o.clock()),
      );
      return;
    }
    if (res.status === 404 || res.status === 410) {
      await withTenant(o.db, msg.accountId, (tx) =>
        deleteSubscription(tx, msg.accountId, device.subscriptionId),
      );
      throw new PermanentDeliveryError(
        `HTTP ${res.status}: the push service no longer knows this device; its subscription was removed`,
      );
    }
    if (res.status >= 300 && res.status < 400)
      throw new OutboundHttpError(`HTTP ${res.status}: redirect not followed`);
    // The endpoint URL is the device's address: never stored in the log, even if the answer repeats it.
    const snippet = redactUrlSecrets(res.body, device.endpoint).replace(/\s+/g, ' ').trim().slice(0, 200);
    throw new OutboundHttpError(`HTTP ${res.status}${snippet ? `: ${snippet}` : ''}`);
  };
}
