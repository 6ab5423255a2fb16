import type { ChannelKind } from '../../../shared/notification-events';

/**
 * Provider rate limits, in messages per second per channel (webhook URL): Slack incoming webhooks
 * allow one per second, Teams Workflows four. Email and generic webhooks are not paced.
 */
export const MESSAGES_PER_SECOND: Partial<Record<ChannelKind, number>> = { slack: 1, teams: 4 };

/**
 * A token bucket of capacity one: at most `rate` messages in any one-second window, never a burst
 * above the limit. When no token is left, `take` hands out staggered return times (the first
 * deferred message comes back when the next token is due, the next one an interval later, …), so a
 * burst is spread out instead of every deferred row waking at once.
 */
class TokenBucket {
  private tokens = 1;
  private updatedAt: number;
  private nextSlot = 0;
  private readonly intervalMs: number;

  constructor(
    private readonly rate: number,
    now: number,
  ) {
    this.updatedAt = now;
    this.intervalMs = 1000 / rate;
  }

  take(now: number): number {
    this.tokens = Math.min(1, this.tokens + (Math.max(0, now - this.updatedAt) * this.rate) / 1000);
    this.updatedAt = Math.max(now, this.updatedAt);
    if (this.tokens >= 1 - 1e-9) {
      this.tokens -= 1;
      return 0;
    }
    const due = now + (1 - this.tokens) * this.intervalMs;
    const slot = Math.max(due, this.nextSlot);
    this.nextSlot = slot + this.intervalMs;
    return Math.ceil(slot - now);
  }
}

/**
 * Per-process pacing by channel id. With several worker processes each keeps its own buckets, so
 * the combined rate can reach N times the limit; providers answer that with 429, which is retried
 * like any failure. One worker process per deployment keeps the limit exact.
 */
export class ChannelPacer {
  private readonly buckets = new Map<string, TokenBucket>();

  /** 0: send now (a token was taken). Otherwise: milliseconds until this message should come back. */
  take(channelId: string, kind: ChannelKind, nowMs: number): number {
    const rate = MESSAGES_PER_SECOND[kind];
    if (!rate) return 0;
    let bucket = this.buckets.get(channelId);
    if (!bucket) this.buckets.set(channelId, (bucket = new TokenBucket(rate, nowMs)));
    return bucket.take(nowMs);
  }
}
