import type { PolicyLevel } from '../../../shared/escalation-policy';
import type { Queryable } from '../../db/types';
import { enqueueDeliveries } from '../deliveries/deliveries.repo';
import { appendEvents } from '../events/events.repo';
import { insertNotificationRows, notificationEvents } from '../notifications/notifications.repo';
import { emailRecipients } from '../policies/recipients';
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
  const bell = stage.channels.includes('in_app')
    ? recipients.map((r) => ({
        userId: r.id,
        event,
        title: n.title,
        link: pickupLink(n.sessionId),
        handoffId: n.handoffId,
      }))
    : [];
  await insertNotificationRows(tx, accountId, bell, now);
  // The bell's events and the stage's own in one statement; the stage's comes last.
  const ids = await appendEvents(
    tx,
    accountId,
    [...notificationEvents(bell), { type: event, payload: n.payload }],
    now,
  );
  const eventId = ids.at(-1)!;
  await enqueueDeliveries(tx, {
    accountId,
    eventId,
    eventType: event,
    emails: emailRecipients(stage, recipients),
    channelKinds: stage.channels,
    now,
  });
  // The Slack app's own message (with the Claim button), when the stage uses Slack and the app is set up.
  if (stage.channels.includes('slack')) await enqueueSlackAppPost(tx, accountId, eventId, now);
  // Web push is the bell on the phone: a stage that rings the bell also pushes to opted-in devices.
  if (stage.channels.includes('in_app')) {
    const recipientIds = recipients.map((r) => r.id);
    await enqueuePushes(tx, accountId, eventId, recipientIds, n.payload.priority, now);
  }
  return eventId;
}
