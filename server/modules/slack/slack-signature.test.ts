import { describe, expect, it } from 'vitest';
import { freshTimestamp, signatureHeader, signatureMatches, slackSignature } from './slack-signature';

const SECRET = '8f742231b10e8888abcd99edabcd00d1';
const BODY = 'payload=%7B%22type%22%3A%22block_actions%22%7D';

describe('Slack request signatures (v0)', () => {
  it('is HMAC-SHA256 of v0:{timestamp}:{body}, hex, behind "v0="', () => {
    const sig = slackSignature(SECRET, '1531420618', BODY);
    expect(sig).toMatch(/^v0=[0-9a-f]{64}$/);
    expect(signatureMatches(SECRET, '1531420618', BODY, sig)).toBe(true);
  });

  it('fails for another secret, another timestamp, a changed body or a cut signature', () => {
    const sig = slackSignature(SECRET, '1531420618', BODY);
    expect(signatureMatches('0'.repeat(32), '1531420618', BODY, sig)).toBe(false);
    expect(signatureMatches(SECRET, '1531420619', BODY, sig)).toBe(false);
    expect(signatureMatches(SECRET, '1531420618', `${BODY}x`, sig)).toBe(false);
    expect(signatureMatches(SECRET, '1531420618', BODY, sig.slice(0, -1))).toBe(false);
  });

  it('accepts timestamps within 5 minutes either way and nothing else', () => {
    const now = new Date(1_700_000_000_000);
    const at = (s: number) => String(1_700_000_000 + s);
    expect(freshTimestamp(at(-300), now)).toBe(1_700_000_000 - 300);
    expect(freshTimestamp(at(300), now)).toBe(1_700_000_300);
    expect(freshTimestamp(at(-301), now)).toBeNull();
    expect(freshTimestamp(at(301), now)).toBeNull();
    for (const bad of [undefined, '', '1.5', '-1', 'abc', '1'.repeat(13)])
      expect(freshTimestamp(bad, now)).toBeNull();
  });

  it('reads only well-formed v0 signature headers', () => {
    expect(signatureHeader(`v0=${'a'.repeat(64)}`)).toBe(`v0=${'a'.repeat(64)}`);
    for (const bad of [undefined, '', `v1=${'a'.repeat(64)}`, `v0=${'A'.repeat(64)}`, `v0=${'a'.repeat(63)}`])
      expect(signatureHeader(bad)).toBeNull();
  });
});
