import { timingSafeEqual } from 'node:crypto';
import ical from 'ical-generator';
import { asSystem, withTenant } from '../../db/tenant';
import type { Database } from '../../db/types';
import { notFound } from '../../lib/app-error';
import { hashSecret } from '../../lib/crypto';
import { timeline } from './on-call';
import * as repo from './schedules.repo';
import { loadResolution } from './schedules.service';

const DAY = 86_400_000;
/** The feed covers the past week (so today's shift shows whole) and the coming four weeks. */
export const FEED_DAYS_BEFORE = 7;
export const FEED_DAYS_AFTER = 28;

const sameHash = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * The private iCalendar feed of a schedule: one event per on-call stretch, named after who is on
 * call and why. The token in the link is the only credential (calendar apps cannot sign in), so a
 * wrong or revoked token answers the same 404 as an unknown schedule.
 */
export async function calendarFeed(db: Database, scheduleId: string, token: string, now: Date) {
  const owner = await asSystem(db, 'auth', (q) => repo.findFeedOwner(q, scheduleId));
  if (!owner?.calendar_token_hash || !sameHash(owner.calendar_token_hash, hashSecret(token)))
    throw notFound('Calendar');
  const accountId = owner.account_id;
  return withTenant(db, accountId, async (tx) => {
    const schedule = (await repo.findSchedule(tx, accountId, scheduleId))!;
    const from = new Date(now.getTime() - FEED_DAYS_BEFORE * DAY);
    const to = new Date(now.getTime() + FEED_DAYS_AFTER * DAY);
    const r = await loadResolution(tx, accountId, schedule, from, to);
    const cal = ical({
      name: `On call: ${schedule.name}`,
      prodId: { company: 'ResolutionFlow', product: 'on-call' },
    });
    for (const seg of timeline(r.spec, r.overrides, from, to, r.eligible)) {
      if (!seg.user_id || !seg.source) continue;
      const name = r.people.get(seg.user_id)?.name ?? 'Unknown member';
      const why = seg.source.kind === 'override' ? 'override' : seg.source.layer_name;
      cal.createEvent({
        id: `${schedule.id}-${seg.start.getTime()}-${seg.user_id}@resolutionflow`,
        start: seg.start,
        end: seg.end,
        summary: `On call: ${name} (${why})`,
        description: `${schedule.name}: ${name} is on call (${why}).`,
      });
    }
    return cal.toString();
  });
}
