import { describe, expect, it } from 'vitest';
import { formatTimeAgo } from './timeAgo';

const NOW = Date.parse('2026-03-10T12:00:00Z');
const secondsBefore = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();

describe('formatTimeAgo', () => {
  it('natural (the default): the locale’s words, "just now" under 45 s', () => {
    const at = (seconds: number) => formatTimeAgo(secondsBefore(seconds), { now: NOW });
    expect(at(44)).toBe('just now');
    expect(at(5 * 60)).toBe('5 minutes ago');
    expect(at(3 * 3600)).toBe('3 hours ago');
    expect(at(26 * 3600)).toBe('yesterday');
    expect(at(8 * 86400)).toBe('last week');
    expect(formatTimeAgo(null)).toBe('—');
    expect(formatTimeAgo('not a date', { empty: 'Never' })).toBe('Never');
  });

  it('compact, for cards: minutes, then hours and minutes, then days', () => {
    const at = (seconds: number) => formatTimeAgo(NOW - seconds * 1000, { now: NOW, style: 'compact' });
    expect(at(59)).toBe('just now');
    expect(at(10 * 60)).toBe('10 min ago');
    expect(at(2 * 3600 + 5 * 60)).toBe('2 h 5 min ago');
    expect(at(2 * 3600)).toBe('2 h ago');
    expect(at(86400)).toBe('1 day ago');
    expect(at(3 * 86400)).toBe('3 days ago');
    expect(at(-30)).toBe('just now'); // A clock a little ahead never says "in 30 seconds".
  });

  it('precise, for sentences: seconds count, singular and plural', () => {
    const at = (seconds: number) => formatTimeAgo(secondsBefore(seconds), { now: NOW, style: 'precise' });
    expect(at(0)).toBe('just now');
    expect(at(1)).toBe('1 second ago');
    expect(at(5)).toBe('5 seconds ago');
    expect(at(60)).toBe('1 minute ago');
    expect(at(4 * 60)).toBe('4 minutes ago');
    expect(at(2 * 3600)).toBe('2 hours ago');
    expect(at(2 * 86400)).toBe('2 days ago');
  });
});
