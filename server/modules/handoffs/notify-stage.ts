import type { PolicyLevel } from '../../../shared/escalation-policy';
import type { Queryable } from '../../db/types';
import { enabledChannelsFor, enqueueDeliveries } from '../deliveries/deliveries.repo';
import { appendEvent } from '../events/events.repo';
import { insertNotifications } from '../notifications/notifications.repo';
import { emailRecipients, levelChannels } from '../policies/recipients';
import { enqueueSlackAppPost } from '../slack/slack-outbox';
import { enqueuePushes } from '../push/push-dispatch';
import type { Recipient } from './handoffs.repo';
import { pickupLink } from './titles';

/** One stage of an escalation policy going out: the escalation itself (level 0) or a later firing. */
export type StageNotice = {
  accountId: string;
  event: 'handoff_created' | 'handoff_escalated';
  /** The stage's channels decide bell (`in_app`), email and which subscribed channels hear of it. */
  stage: Pick<PolicyLevel, 'channels'>;
  recipients: Recipient[];
  /** Bell text; the same text reaches email and chat through the event payload. */
  title: string;
  handoffId: string;
  sessionId: string;
  /** The event as the live stream and the outbox renderers read it. */
  payload: Record<string, unknown>;
};

/**
 * Tells a stage's recipients, in the caller's transaction and in this order: bell notifications
 * (when the stage lists `in_app`), the event for the live stream, then one outbox row per email
 * recipient and per subscribed channel the stage uses. Returns the event id, which further
 * outbox rows (the PSA note) hang off.
 */
export async function notifyStage(tx: Queryable, n: StageNotice, now: Date): Promise<number> {
  const { accountId, event, stage, recipients } = n;
  if (stage.channels.includes('in_app')) {
    await insertNotifications(
      tx,
      accountId,
      recipients.map((r) => ({
        userId: r.id,
        event,
        title: n.title,
        link: pickupLink(n.sessionId),
        handoffId: n.handoffId,
      })),
      now,
    );
  }
  const eventId = await appendEvent(tx, accountId, event, n.payload, now);
  const channels = levelChannels(await enabledChannelsFor(tx, accountId, event), stage.channels);
  await enqueueDeliveries(tx, accountId, eventId, emailRecipients(stage, recipients), channels, now);
  // The Slack app's own message (with the Claim button), when the stage uses Slack and the app is set up.
  if (stage.channels.includes('slack')) await enqueueSlackAppPost(tx, accountId, eventId, now);
  // Web push is the bell on the phone: a stage that rings the bell also pushes to opted-in devices.
  if (stage.channels.includes('in_app')) {
    const ids = recipients.map((r) => r.id);
    await enqueuePushes(tx, accountId, eventId, ids, n.payload.priority, now);
  }
  return eventId;
}
