import type { Queryable } from '../../db/types';
import { onCallAt, type Source } from './on-call';
import * as repo from './schedules.repo';

export type OnCallNow = {
  schedule: { id: string; name: string };
  user_id: string | null;
  source: Source | null;
};

/**
 * Who is on call right now on each of the given schedules of the account, among the people who may
 * be paged (`mayBePaged`: active seniors, never the escalator — who then falls through to the
 * next layer). Two queries whatever the number of schedules; unknown ids (deleted schedules) are
 * simply absent, so their level pages its catch-all.
 */
export async function onCallNow(
  tx: Queryable,
  accountId: string,
  scheduleIds: string[],
  now: Date,
  mayBePaged: (userId: string) => boolean,
): Promise<Map<string, OnCallNow>> {
  const out = new Map<string, OnCallNow>();
  const schedules = await repo.findSchedules(tx, accountId, scheduleIds);
  if (schedules.length === 0) return out;
  const overrides = await repo.overridesInWindow(
    tx,
    accountId,
    schedules.map((s) => s.id),
    now,
    new Date(now.getTime() + 1),
  );
  for (const s of schedules) {
    const own = overrides
      .filter((o) => o.schedule_id === s.id)
      .map((o) => ({ user_id: o.user_id, start: o.starts_at, end: o.ends_at }));
    const r = onCallAt({ time_zone: s.time_zone, layers: s.layers }, own, now, mayBePaged);
    out.set(s.id, { schedule: { id: s.id, name: s.name }, ...r });
  }
  return out;
}
