import { describe, expect, it } from 'vitest';
import { formatClock, isQuietAt, localMinuteOfDay, parseClock } from './quiet-hours';

const night = { timeZone: 'Europe/London', fromMinute: parseClock('22:00'), toMinute: parseClock('07:00') };

describe('quiet hours', () => {
  it('reads the local time of the member’s zone, summer time included', () => {
    // 21:30 UTC is 22:30 in London in July (BST) but 21:30 in January (GMT).
    expect(localMinuteOfDay(new Date('2030-07-01T21:30:00Z'), 'Europe/London')).toBe(22 * 60 + 30);
    expect(localMinuteOfDay(new Date('2030-01-10T21:30:00Z'), 'Europe/London')).toBe(21 * 60 + 30);
    expect(localMinuteOfDay(new Date('2030-01-10T03:05:00Z'), 'America/New_York')).toBe(22 * 60 + 5);
  });

  it('a window across midnight holds from its start to just before its end', () => {
    expect(isQuietAt(night, new Date('2030-07-01T21:30:00Z'))).toBe(true); // 22:30 BST
    expect(isQuietAt(night, new Date('2030-01-10T21:30:00Z'))).toBe(false); // 21:30 GMT
    expect(isQuietAt(night, new Date('2030-01-10T06:59:00Z'))).toBe(true);
    expect(isQuietAt(night, new Date('2030-01-10T07:00:00Z'))).toBe(false);
  });

  it('a window within one day', () => {
    const lunch = { timeZone: 'UTC', fromMinute: parseClock('12:00'), toMinute: parseClock('13:00') };
    expect(isQuietAt(lunch, new Date('2030-01-10T12:30:00Z'))).toBe(true);
    expect(isQuietAt(lunch, new Date('2030-01-10T13:00:00Z'))).toBe(false);
    expect(isQuietAt(lunch, new Date('2030-01-10T11:59:00Z'))).toBe(false);
  });

  it('an unknown zone or an empty window never silences', () => {
    expect(isQuietAt({ ...night, timeZone: 'Mars/Olympus' }, new Date('2030-07-01T23:00:00Z'))).toBe(false);
    expect(
      isQuietAt({ timeZone: 'UTC', fromMinute: 60, toMinute: 60 }, new Date('2030-07-01T01:00:00Z')),
    ).toBe(false);
  });

  it('formats and parses HH:MM', () => {
    expect(formatClock(parseClock('07:05'))).toBe('07:05');
    expect(formatClock(0)).toBe('00:00');
  });
});
