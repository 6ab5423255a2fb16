import type { Config } from '../../config';
import { withTenant } from '../../db/tenant';
import type { Database, Queryable } from '../../db/types';
import * as lease from '../deliveries/delivery-lease.repo';
import { applyDeliveryPlan, type DeliveryPlan } from '../deliveries/delivery-plan';
import { buildNotice } from '../deliveries/notice';
import { secretBoxFor } from '../channels/channel-targets';
import { findHandoff, type HandoffRow } from '../handoffs/handoffs.repo';
import { slackApi, type SlackApi } from './slack-api';
import { openBotToken, slackApiOptions } from './slack-credentials';
import { messageState, renderAppMessage } from './slack-message';
import * as repo from './slack.repo';

/** What the delivery worker does with a Slack app row: send it, put it off, or give it up. */
type Plan = DeliveryPlan<() => Promise<void>>;

/** How soon an update waiting for its handoff's message to be posted looks again (not an attempt). */
const POST_POLL_MS = 2_000;

const dead = (error: string): Plan => ({ kind: 'dead', error });

/**
 * The Slack app's outbox rows for the delivery worker: `post` sends an escalation stage's message
 * with the Claim button (chat.postMessage) and remembers its channel and ts; `update` rewrites the
 * handoff's posted messages after a claim or release (chat.update) so everyone sees who took it.
 * Same lease, attempts, retries, `dead` and log as every other delivery. Both render the handoff as
 * it is when they are sent, so a late post or a retried update never shows a stale state.
 */
export class SlackAppDeliveries {
  constructor(private readonly o: { config: Config; db: Database; clock: () => Date; timeoutMs: number }) {}

  /** Like `PsaDeliveries.prepare`: the send to run after commit, or null when deferred or given up. */
  async prepare(
    tx: Queryable,
    accountId: string,
    job: lease.DeliveryJob,
    token: string,
    now: Date,
    leaseMs: number,
  ) {
    const plan = await this.plan(tx, accountId, job, now);
    return applyDeliveryPlan(tx, accountId, job.id, token, now, leaseMs, plan, (attempts, send) => ({
      kind: 'slack' as const,
      attempts,
      send,
    }));
  }

  private async plan(tx: Queryable, accountId: string, job: lease.DeliveryJob, now: Date): Promise<Plan> {
    const app = await repo.findSlackAppSecrets(tx, accountId);
    if (!app) return dead('The Slack app was removed (Settings → Slack app)');
    let api: SlackApi;
    try {
      api = slackApi(
        openBotToken(app, secretBoxFor(this.o.config)),
        slackApiOptions(this.o.config, this.o.timeoutMs),
      );
    } catch (err) {
      return dead(`${(err as Error).message}: save the Slack app again, then retry`);
    }
    const handoffId = typeof job.event_payload.handoff_id === 'string' ? job.event_payload.handoff_id : null;
    const h = handoffId ? await findHandoff(tx, accountId, handoffId) : undefined;
    if (!h) return dead('The escalation no longer exists');

    if (job.slack_action === 'post') {
      const event = {
        id: job.event_id,
        type: job.event_type,
        createdAt: job.event_created_at,
        accountId,
        payload: job.event_payload,
      };
      const message = renderAppMessage(buildNotice(event, h, this.o.config.appUrl, now), messageState(h));
      return {
        kind: 'send',
        send: async () => {
          const posted = await api.postMessage(app.channel, message);
          await withTenant(this.o.db, accountId, (t) =>
            repo.insertSlackMessage(
              t,
              accountId,
              { handoffId: h.id, deliveryId: job.id, channelId: posted.channel, ts: posted.ts },
              this.o.clock(),
            ),
          );
        },
      };
    }
    if (job.slack_action === 'update') {
      // The message to change may still be on its way: wait for its post to be sent or given up.
      if (await repo.hasOpenSlackPosts(tx, accountId, h.id)) return { kind: 'defer', ms: POST_POLL_MS };
      const messages = await repo.listSlackMessages(tx, accountId, h.id);
      return { kind: 'send', send: () => this.updateAll(api, accountId, h.id, messages, now) };
    }
    return dead(`Unknown Slack app action ${String(job.slack_action)}`);
  }

  /** Rewrites each posted message with the handoff as it is right now (read just before sending). */
  private async updateAll(
    api: SlackApi,
    accountId: string,
    handoffId: string,
    messages: repo.SlackMessageRow[],
    now: Date,
  ) {
    if (messages.length === 0) return;
    const h = await withTenant(this.o.db, accountId, (t) => findHandoff(t, accountId, handoffId));
    if (!h) return;
    const message = renderAppMessage(escalationNotice(h, this.o.config.appUrl, now), messageState(h));
    for (const m of messages) await api.update(m.channel_id, m.ts, message);
  }
}

/** The escalation card of a handoff, whatever event asks for it to be shown again. */
function escalationNotice(h: HandoffRow, appUrl: string, now: Date) {
  const event = {
    id: 0,
    type: 'handoff_created',
    createdAt: h.created_at,
    accountId: h.account_id,
    payload: {},
  };
  return buildNotice(event, h, appUrl, now);
}
