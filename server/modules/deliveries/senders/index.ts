import type { Config } from '../../../config';
import type { Database } from '../../../db/types';
import { createEmailSender } from './email';
import { createSlackSender } from './slack';
import { createPushSender } from './push';
import { createTeamsSender } from './teams';
import type { ChannelTarget, OutboundMessage } from './types';
import { createWebhookSender } from './webhook';

export type { ChannelTarget, OutboundMessage } from './types';

export const DEFAULT_SEND_TIMEOUT_MS = 10_000;

export type SenderOptions = { config: Config; db: Database; clock: () => Date; timeoutMs?: number };

/** One sender per channel kind, configured once; `send` throws with a storable reason on failure. */
export function createSenders({ config, db, clock, timeoutMs = DEFAULT_SEND_TIMEOUT_MS }: SenderOptions) {
  const http = { requireHttps: config.isProduction, allowPrivate: config.allowPrivateWebhooks, timeoutMs };
  const email = createEmailSender({ smtpUrl: config.smtpUrl, from: config.smtpFrom, db, timeoutMs, clock });
  const slack = createSlackSender(http);
  const teams = createTeamsSender(http);
  const webhook = createWebhookSender(http, clock);
  const push = createPushSender({ http, db, config, clock });
  return {
    send(target: ChannelTarget, msg: OutboundMessage): Promise<void> {
      switch (target.kind) {
        case 'email':
          return email.send(msg, target.to);
        case 'slack':
          return slack(msg, target.url);
        case 'teams':
          return teams(msg, target.url);
        case 'webhook':
          return webhook(msg, target.url, target.secret);
        case 'push':
          return push(msg, target.device);
      }
    },
    close: () => email.close(),
  };
}

export type DeliverySenders = ReturnType<typeof createSenders>;
