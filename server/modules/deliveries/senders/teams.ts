import { postJson } from '../../../lib/outbound-http';
import { renderTeams } from '../render';
import type { HttpSendOptions, OutboundMessage } from './types';

/** Microsoft Teams "Workflows" webhook (the successor of Office 365 connectors): 2xx means accepted. */
export function createTeamsSender(http: HttpSendOptions) {
  return async (msg: OutboundMessage, url: string) => {
    await postJson(
      url,
      JSON.stringify(renderTeams(msg.notice)),
      { 'X-ResolutionFlow-Delivery': msg.idempotencyKey },
      http,
    );
  };
}
