import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack's window: a request signed more than 5 minutes away from our clock is refused. */
export const SIGNATURE_MAX_AGE_S = 5 * 60;

/** `v0=<hex HMAC-SHA256 of "v0:{timestamp}:{raw body}">` with the app's signing secret. */
export const slackSignature = (secret: string, timestamp: string, rawBody: string) =>
  `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;

/** The timestamp header as seconds, when it is one and lies within the window around `now`. */
export function freshTimestamp(header: string | undefined, now: Date): number | null {
  if (!header || !/^\d{1,12}$/.test(header)) return null;
  const ts = Number(header);
  return Math.abs(now.getTime() / 1000 - ts) <= SIGNATURE_MAX_AGE_S ? ts : null;
}

/** A well-formed `v0=` signature header (64 hex digits), else null. */
export const signatureHeader = (header: string | undefined) =>
  header && /^v0=[0-9a-f]{64}$/.test(header) ? header : null;

/** Constant-time comparison of the expected signature with the one received. */
export function signatureMatches(secret: string, timestamp: string, rawBody: string, received: string) {
  const expected = Buffer.from(slackSignature(secret, timestamp, rawBody));
  const given = Buffer.from(received);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
