import type { Queryable } from '../../db/types';
import { enqueuePushDeliveries } from '../deliveries/deliveries.repo';
import { devicesOf } from './push.repo';
import { isQuietAt } from './quiet-hours';

/**
 * Queues a web push of event `eventId` to every opted-in device of `userIds`, in the caller's
 * transaction (the outbox sends it, with retries and the delivery log). A member inside their quiet
 * hours at `now` gets nothing, unless the handoff is P1. Returns how many devices were queued.
 */
export async function enqueuePushes(
  tx: Queryable,
  accountId: string,
  eventId: number,
  userIds: string[],
  priority: unknown,
  now: Date,
) {
  const devices = await devicesOf(tx, accountId, [...new Set(userIds)]);
  const urgent = priority === 'p1';
  const ids = devices
    .filter(
      (d) =>
        urgent ||
        d.time_zone === null ||
        !isQuietAt({ timeZone: d.time_zone, fromMinute: d.from_minute!, toMinute: d.to_minute! }, now),
    )
    .map((d) => d.subscription_id);
  return enqueuePushDeliveries(tx, accountId, eventId, ids, now);
}
