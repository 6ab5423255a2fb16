import { describe, expect, it } from 'vitest';
import { formatElapsed, secondsBetween } from './elapsed';

describe('formatElapsed', () => {
  it('compact: "just now", then minutes, hours and minutes, days; rounded down', () => {
    expect(formatElapsed(59, 'compact')).toBe('just now');
    expect(formatElapsed(12 * 60 + 59, 'compact')).toBe('12 min');
    expect(formatElapsed(2 * 3600 + 5 * 60, 'compact')).toBe('2 h 5 min');
    expect(formatElapsed(2 * 3600, 'compact')).toBe('2 h 0 min');
    expect(formatElapsed(3 * 86400 + 3600, 'compact')).toBe('3 d');
  });

  it('minutes: always in minutes, to the nearest one, never negative', () => {
    expect(formatElapsed(10 * 60 + 20, 'minutes')).toBe('10 min');
    expect(formatElapsed(10 * 60 + 40, 'minutes')).toBe('11 min');
    expect(formatElapsed(90 * 60, 'minutes')).toBe('90 min');
    expect(formatElapsed(-5, 'minutes')).toBe('0 min');
  });

  it('secondsBetween measures from the first date to the second', () => {
    const from = new Date('2026-03-10T12:00:00Z');
    expect(secondsBetween(from, new Date('2026-03-10T12:10:00Z'))).toBe(600);
  });
});
