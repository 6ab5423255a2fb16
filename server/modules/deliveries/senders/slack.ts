import { postJson } from '../../../lib/outbound-http';
import { renderSlack } from '../render';
import type { HttpSendOptions, OutboundMessage } from './types';

/** Slack incoming webhook: answers 200 "ok"; every other answer is a failure to retry. */
export function createSlackSender(http: HttpSendOptions) {
  return async (msg: OutboundMessage, url: string) => {
    await postJson(
      url,
      JSON.stringify(renderSlack(msg.notice)),
      { 'X-ResolutionFlow-Delivery': msg.idempotencyKey },
      http,
    );
  };
}
