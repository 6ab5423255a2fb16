import type { Queryable } from '../../db/types';
import * as repo from './slack.repo';

/**
 * The Slack app's outbox rows, written in the transaction of the event they report (nothing is
 * posted for a change that rolls back). Both are no-ops for an account without the app.
 */

/** An escalation stage that uses Slack: the bot posts its message with the Claim button. */
export async function enqueueSlackAppPost(tx: Queryable, accountId: string, eventId: number, now: Date) {
  const app = await repo.findSlackApp(tx, accountId);
  if (app) await repo.enqueueSlackAppDelivery(tx, accountId, eventId, 'post', app.channel, now);
}

/**
 * A claim or release (from Slack or the web, through the same use cases): the handoff's messages are
 * rewritten for everyone, once per event. Skipped when the bot never posted about this handoff.
 */
export async function enqueueSlackAppUpdate(
  tx: Queryable,
  accountId: string,
  eventId: number,
  handoffId: string,
  now: Date,
) {
  const app = await repo.findSlackApp(tx, accountId);
  if (!app || !(await repo.handoffHasSlackMessages(tx, accountId, handoffId))) return;
  await repo.enqueueSlackAppDelivery(tx, accountId, eventId, 'update', app.channel, now);
}
