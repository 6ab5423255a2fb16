import { describe, expect, it } from 'vitest';
import { onCallAt, timeline, whoIsOnCall, type Layer, type Override, type ScheduleSpec } from './on-call';
import { restrictionWindows } from './rotation';

const at = (iso: string) => new Date(iso);
const spec = (time_zone: string, ...layers: Layer[]): ScheduleSpec => ({ time_zone, layers });
const who = (s: ScheduleSpec, iso: string, overrides: Override[] = []) =>
  onCallAt(s, overrides, at(iso)).user_id;

describe('daily hand-offs keep their local time across DST (Europe/London)', () => {
  // 09:00 local every day, alternating Ann and Bob from Monday 23 March 2026 (Ann first).
  const london = spec('Europe/London', {
    name: 'Primary',
    members: ['ann', 'bob'],
    rotation: { start: '2026-03-23T09:00', length_hours: 24 },
  });

  it('spring forward (29 March 2026): the hand-off moves from 09:00Z to 08:00Z, the shift lasts 23 hours', () => {
    // 28 March is day 5 (Bob); 29 March is day 6 (Ann).
    expect(who(london, '2026-03-28T08:59:59Z')).toBe('ann');
    expect(who(london, '2026-03-28T09:00:00Z')).toBe('bob');
    expect(who(london, '2026-03-29T07:59:59Z')).toBe('bob');
    expect(who(london, '2026-03-29T08:00:00Z')).toBe('ann');
    const r = whoIsOnCall(london, [], at('2026-03-28T12:00:00Z'));
    expect(r).toMatchObject({ user_id: 'bob', until: at('2026-03-29T08:00:00Z') });
    expect(r.next).toMatchObject({
      user_id: 'ann',
      start: at('2026-03-29T08:00:00Z'),
      end: at('2026-03-30T08:00:00Z'),
    });
  });

  it('fall back (25 October 2026): the hand-off returns to 09:00Z, the shift lasts 25 hours', () => {
    const shifts = timeline(london, [], at('2026-10-24T00:00:00Z'), at('2026-10-26T23:00:00Z'));
    expect(shifts.map((s) => [s.start.toISOString(), s.user_id])).toEqual([
      ['2026-10-24T00:00:00.000Z', shifts[0]!.user_id],
      ['2026-10-24T08:00:00.000Z', shifts[1]!.user_id],
      ['2026-10-25T09:00:00.000Z', shifts[0]!.user_id],
      ['2026-10-26T09:00:00.000Z', shifts[1]!.user_id],
    ]);
    expect(shifts[1]!.end.getTime() - shifts[1]!.start.getTime()).toBe(25 * 3_600_000);
    expect(shifts[0]!.user_id).not.toBe(shifts[1]!.user_id);
  });
});

describe('weekly and fixed-hour rotations across DST (America/New_York)', () => {
  const weekly = spec('America/New_York', {
    name: 'Primary',
    members: ['ann', 'bob', 'cat'],
    rotation: { start: '2026-03-02T09:00', length_hours: 168 },
  });

  it('spring forward (8 March 2026): the Monday 09:00 hand-off moves from 14:00Z to 13:00Z', () => {
    expect(who(weekly, '2026-03-02T13:59:59Z')).toBeNull(); // before the rotation starts
    expect(who(weekly, '2026-03-02T14:00:00Z')).toBe('ann');
    expect(who(weekly, '2026-03-09T12:59:59Z')).toBe('ann');
    expect(who(weekly, '2026-03-09T13:00:00Z')).toBe('bob');
    expect(whoIsOnCall(weekly, [], at('2026-03-05T00:00:00Z')).until).toEqual(at('2026-03-09T13:00:00Z'));
  });

  it('fall back (1 November 2026): the Monday hand-off is at 14:00Z again, after a 169-hour shift', () => {
    // 2 November is 35 weeks after 2 March: 35 % 3 = 2 → Cat from then.
    expect(who(weekly, '2026-11-02T13:59:59Z')).toBe('bob');
    expect(who(weekly, '2026-11-02T14:00:00Z')).toBe('cat');
    const [shift] = timeline(weekly, [], at('2026-10-27T00:00:00Z'), at('2026-10-27T01:00:00Z'));
    expect(shift!.user_id).toBe('bob');
    const r = whoIsOnCall(weekly, [], at('2026-10-27T00:00:00Z'));
    expect(r.until).toEqual(at('2026-11-02T14:00:00Z'));
  });

  it('a length that is not whole days counts exact hours, so its local hand-off time moves', () => {
    const halves = spec('America/New_York', {
      name: 'Twelve hours',
      members: ['ann', 'bob'],
      rotation: { start: '2026-10-31T20:00', length_hours: 12 }, // 20:00 EDT = 00:00Z
    });
    expect(who(halves, '2026-11-01T11:59:59Z')).toBe('ann');
    expect(who(halves, '2026-11-01T12:00:00Z')).toBe('bob'); // 07:00 EST, 12 real hours later
    expect(who(halves, '2026-11-02T00:00:00Z')).toBe('ann');
  });
});

describe('weekly restrictions', () => {
  // Out of hours on weekdays: each night from 18:00 to 08:00 the next morning, Monday to Friday nights.
  const nights: Layer = {
    name: 'Nights',
    members: ['nia'],
    rotation: { start: '2026-01-05T00:00', length_hours: 168 },
    restrictions: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '18:00', end: '08:00' }],
  };
  const everyone: Layer = {
    name: 'Backstop',
    members: ['bea'],
    rotation: { start: '2026-01-05T00:00', length_hours: 24 },
  };

  it('a window that crosses midnight runs into the next morning, at local times on both sides of DST', () => {
    const ny = spec('America/New_York', nights);
    expect(who(ny, '2026-03-06T22:59:59Z')).toBeNull(); // Fri 17:59 EST
    expect(who(ny, '2026-03-06T23:00:00Z')).toBe('nia'); // Fri 18:00 EST
    expect(who(ny, '2026-03-07T12:59:59Z')).toBe('nia'); // Sat 07:59 EST
    expect(who(ny, '2026-03-07T13:00:00Z')).toBeNull(); // Sat 08:00 EST
    expect(who(ny, '2026-03-09T11:30:00Z')).toBeNull(); // Mon 07:30 EDT: Sunday night is not listed
    expect(who(ny, '2026-03-09T21:59:59Z')).toBeNull(); // Mon 17:59 EDT
    expect(who(ny, '2026-03-09T22:00:00Z')).toBe('nia'); // Mon 18:00 EDT, an hour earlier in UTC
    expect(who(ny, '2026-03-10T11:59:59Z')).toBe('nia'); // Tue 07:59 EDT
  });

  it('a higher restricted layer covers its windows; the lower layer fills the rest', () => {
    const london = spec('Europe/London', nights, everyone);
    expect(who(london, '2026-03-27T12:00:00Z')).toBe('bea'); // Fri noon GMT
    expect(who(london, '2026-03-27T18:00:00Z')).toBe('nia'); // Fri 18:00 GMT
    expect(who(london, '2026-03-28T07:00:00Z')).toBe('nia'); // Sat 07:00 GMT
    expect(who(london, '2026-03-28T08:00:00Z')).toBe('bea');
    expect(who(london, '2026-03-30T17:00:00Z')).toBe('nia'); // Mon 18:00 BST
    const segs = timeline(london, [], at('2026-03-30T12:00:00Z'), at('2026-03-31T12:00:00Z'));
    expect(segs.map((s) => [s.start.toISOString(), s.user_id, s.source?.kind])).toEqual([
      ['2026-03-30T12:00:00.000Z', 'bea', 'layer'],
      ['2026-03-30T17:00:00.000Z', 'nia', 'layer'],
      ['2026-03-31T07:00:00.000Z', 'bea', 'layer'],
    ]);
  });

  it('a gap means nobody, and "next" names who comes on and when', () => {
    const ny = spec('America/New_York', nights);
    const r = whoIsOnCall(ny, [], at('2026-03-07T15:00:00Z')); // Saturday morning
    expect(r.user_id).toBeNull();
    expect(r.until).toEqual(at('2026-03-09T22:00:00Z'));
    expect(r.next).toMatchObject({
      user_id: 'nia',
      start: at('2026-03-09T22:00:00Z'),
      end: at('2026-03-10T12:00:00Z'),
    });
  });

  it('equal start and end times mean a whole day; windows merge where they touch', () => {
    const w = restrictionWindows(
      'Europe/London',
      [{ days: ['sat', 'sun'], start: '00:00', end: '00:00' }],
      at('2026-03-27T00:00:00Z').getTime(),
      at('2026-04-01T00:00:00Z').getTime(),
    );
    // Saturday 00:00 GMT to Monday 00:00 BST: 47 hours across the spring change.
    expect(w.map(([s, e]) => [new Date(s).toISOString(), new Date(e).toISOString()])).toEqual([
      ['2026-03-28T00:00:00.000Z', '2026-03-29T23:00:00.000Z'],
    ]);
  });
});

describe('overrides', () => {
  const primary = spec('Europe/London', {
    name: 'Primary',
    members: ['ann', 'bob'],
    rotation: { start: '2026-03-23T09:00', length_hours: 168 },
  });

  it('an override beats every layer while it lasts, and the most recent one wins an overlap', () => {
    const sam: Override = {
      user_id: 'sam',
      start: at('2026-03-24T18:00:00Z'),
      end: at('2026-03-25T08:00:00Z'),
    };
    const tom: Override = {
      user_id: 'tom',
      start: at('2026-03-25T00:00:00Z'),
      end: at('2026-03-25T02:00:00Z'),
    };
    expect(who(primary, '2026-03-24T17:59:59Z', [sam, tom])).toBe('ann');
    expect(who(primary, '2026-03-24T18:00:00Z', [sam, tom])).toBe('sam');
    expect(who(primary, '2026-03-25T01:00:00Z', [sam, tom])).toBe('tom');
    expect(who(primary, '2026-03-25T02:00:00Z', [sam, tom])).toBe('sam');
    expect(who(primary, '2026-03-25T08:00:00Z', [sam, tom])).toBe('ann');
    const r = whoIsOnCall(primary, [sam], at('2026-03-24T12:00:00Z'));
    expect(r).toMatchObject({ user_id: 'ann', until: at('2026-03-24T18:00:00Z') });
    expect(r.next).toMatchObject({
      user_id: 'sam',
      source: { kind: 'override' },
      end: at('2026-03-25T08:00:00Z'),
    });
  });

  it('an override fills a gap where no layer has anyone', () => {
    const nightsOnly = spec('Europe/London', {
      name: 'Nights',
      members: ['nia'],
      rotation: { start: '2026-03-23T00:00', length_hours: 168 },
      restrictions: [{ days: ['tue'], start: '20:00', end: '23:00' }],
    });
    const o: Override = {
      user_id: 'sam',
      start: at('2026-03-24T09:00:00Z'),
      end: at('2026-03-24T10:00:00Z'),
    };
    expect(who(nightsOnly, '2026-03-24T09:30:00Z', [o])).toBe('sam');
    expect(who(nightsOnly, '2026-03-24T10:30:00Z', [o])).toBeNull();
  });
});

describe('members who no longer qualify', () => {
  it('leave a gap in their own shifts, so a lower layer answers and everyone else keeps their turn', () => {
    const s = spec(
      'UTC',
      {
        name: 'Primary',
        members: ['ann', 'gone', 'cat'],
        rotation: { start: '2026-01-01T00:00Z', length_hours: 24 },
      },
      { name: 'Backstop', members: ['bea'], rotation: { start: '2026-01-01T00:00Z', length_hours: 24 } },
    );
    const eligible = (id: string) => id !== 'gone';
    expect(onCallAt(s, [], at('2026-01-02T12:00:00Z'), eligible)).toEqual({
      user_id: 'bea',
      source: { kind: 'layer', layer_index: 1, layer_name: 'Backstop' },
    });
    expect(onCallAt(s, [], at('2026-01-03T12:00:00Z'), eligible).user_id).toBe('cat');
  });
});

describe('RRULE rotations', () => {
  // Hand-offs on Mondays and Thursdays at 09:00 London time.
  const s = spec('Europe/London', {
    name: 'Twice a week',
    members: ['ann', 'bob'],
    rotation: { start: '2026-03-02T09:00', rrule: 'FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=9;BYMINUTE=0;BYSECOND=0' },
  });

  it('hands off at the local time of each occurrence on both sides of the spring change', () => {
    // Occurrences: 2 Mar (ann), 5 Mar (bob), 9, 12, 16, 19, 23, 26 Mar, 30 Mar (k=8 → ann).
    expect(who(s, '2026-03-26T08:59:59Z')).toBe('ann'); // k=6, from 23 Mar
    expect(who(s, '2026-03-26T09:00:00Z')).toBe('bob');
    expect(who(s, '2026-03-30T07:59:59Z')).toBe('bob');
    expect(who(s, '2026-03-30T08:00:00Z')).toBe('ann'); // 09:00 BST
    expect(whoIsOnCall(s, [], at('2026-03-30T12:00:00Z')).until).toEqual(at('2026-04-02T08:00:00Z'));
  });

  it('a finite rule ends the layer after its last hand-off', () => {
    const finite = spec('UTC', {
      name: 'Three days',
      members: ['ann', 'bob'],
      rotation: { start: '2026-01-01T00:00Z', rrule: 'FREQ=DAILY;COUNT=3' },
    });
    expect(who(finite, '2026-01-02T12:00:00Z')).toBe('bob');
    expect(who(finite, '2026-01-03T12:00:00Z')).toBeNull();
  });
});
