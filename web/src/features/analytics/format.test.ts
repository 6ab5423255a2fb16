import { describe, expect, it } from 'vitest';
import { formatClock, formatDuration, formatHours, formatPercent } from './format';

describe('analytics formatting', () => {
  it('formats durations with at most two units', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(undefined)).toBe('—');
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(0.4)).toBe('< 1 s');
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(59.6)).toBe('1 min');
    expect(formatDuration(90)).toBe('1 min 30 s');
    expect(formatDuration(120)).toBe('2 min');
    expect(formatDuration(3599)).toBe('59 min 59 s');
    expect(formatDuration(3600)).toBe('1 h');
    expect(formatDuration(3720)).toBe('1 h 2 min');
    expect(formatDuration(7199)).toBe('2 h');
    expect(formatDuration(90_000)).toBe('1 d 1 h');
    expect(formatDuration(-90)).toBe('−1 min 30 s');
  });

  it('formats the stopwatch face', () => {
    expect(formatClock(0)).toBe('00:00');
    expect(formatClock(95_900)).toBe('01:35');
    expect(formatClock(3_725_000)).toBe('1:02:05');
  });

  it('formats hours and percentages', () => {
    expect(formatHours(1.25)).toBe('1.25 h');
    expect(formatHours(-0.5)).toBe('−0.5 h');
    expect(formatHours(null)).toBe('—');
    expect(formatPercent(0.25)).toBe('25%');
    expect(formatPercent(null)).toBe('—');
  });
});
