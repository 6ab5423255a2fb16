import { describe, expect, it } from 'vitest';
import { ChannelPacer } from './pacing';

describe('channel pacing', () => {
  it('Slack: one message per second per channel, deferred messages come back one interval apart', () => {
    const pacer = new ChannelPacer();
    const t0 = 1_000_000;
    expect(pacer.take('a', 'slack', t0)).toBe(0);
    expect([1, 2, 3, 4].map(() => pacer.take('a', 'slack', t0))).toEqual([1000, 2000, 3000, 4000]);
    expect(pacer.take('b', 'slack', t0)).toBe(0); // another channel has its own bucket
    expect(pacer.take('a', 'slack', t0 + 999)).toBeGreaterThan(0);
    expect(pacer.take('a', 'slack', t0 + 1000)).toBe(0);
    expect(pacer.take('a', 'slack', t0 + 2000)).toBe(0);
  });

  it('Teams: four per second; email and webhooks are not paced', () => {
    const pacer = new ChannelPacer();
    expect(pacer.take('t', 'teams', 0)).toBe(0);
    expect(pacer.take('t', 'teams', 0)).toBe(250);
    expect(pacer.take('t', 'teams', 250)).toBe(0);
    for (let i = 0; i < 10; i++) expect(pacer.take('w', 'webhook', 0)).toBe(0);
  });
});
