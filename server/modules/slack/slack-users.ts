import type { SlackApi, SlackUser } from './slack-api';

/**
 * users.info answers, kept briefly per process: a burst of clicks by the same people (or the same
 * person clicking twice) costs one call each, and concurrent look-ups of one user share the call.
 * Short-lived on purpose: an email changed in Slack is picked up within a minute.
 */
const TTL_MS = 60_000;
const MAX_ENTRIES = 5_000;

const cache = new Map<string, { expiresAt: number; user: Promise<SlackUser> }>();

export function cachedSlackUser(
  api: SlackApi,
  key: { accountId: string; teamId: string; userId: string },
  nowMs: number,
): Promise<SlackUser> {
  const k = `${key.accountId}:${key.teamId}:${key.userId}`;
  const hit = cache.get(k);
  if (hit && hit.expiresAt > nowMs) return hit.user;
  if (cache.size >= MAX_ENTRIES) {
    for (const [old, entry] of cache)
      if (entry.expiresAt <= nowMs || cache.size >= MAX_ENTRIES) cache.delete(old);
  }
  const user = api.userInfo(key.userId);
  cache.set(k, { expiresAt: nowMs + TTL_MS, user });
  // A failed look-up is not remembered: the next click asks Slack again.
  user.catch(() => {
    if (cache.get(k)?.user === user) cache.delete(k);
  });
  return user;
}

/** Tests that change a Slack user's email between cases. */
export function forgetSlackUsers() {
  cache.clear();
}
