import { createHmac } from 'node:crypto';
import { postJson } from '../../../lib/outbound-http';
import { renderWebhook } from '../render';
import type { HttpSendOptions, OutboundMessage } from './types';

/**
 * `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">` with the channel's secret. Signing the
 * timestamp with the body lets receivers refuse replays older than a few minutes.
 */
export const signWebhook = (secret: string, timestamp: string, body: string) =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

export function createWebhookSender(http: HttpSendOptions, clock: () => Date) {
  return async (msg: OutboundMessage, url: string, secret: string) => {
    const body = JSON.stringify(renderWebhook(msg.notice));
    const timestamp = String(Math.floor(clock().getTime() / 1000));
    await postJson(
      url,
      body,
      {
        'X-ResolutionFlow-Event': msg.notice.event.type,
        'X-ResolutionFlow-Delivery': msg.idempotencyKey,
        'X-ResolutionFlow-Timestamp': timestamp,
        'X-ResolutionFlow-Signature': signWebhook(secret, timestamp, body),
      },
      http,
    );
  };
}
