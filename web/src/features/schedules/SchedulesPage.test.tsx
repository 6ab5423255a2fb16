import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockApi, renderApp, resetBetweenTests, session } from '../../test/helpers';
import { pagedSummary } from '../escalations/PagedText';
import type { Schedule, ScheduleWeek } from './api';

resetBetweenTests();

const schedule: Schedule = {
  id: 's1',
  name: 'Support rota',
  time_zone: 'Europe/London',
  layers: [
    {
      name: 'Primary',
      members: ['u2', 'u3'],
      rotation: { start: '2030-03-04T09:00', length_hours: 168 },
      restrictions: [],
    },
  ],
  people: [
    { id: 'u2', name: 'Sam Senior', active: true },
    { id: 'u3', name: 'Pat Senior', active: true },
  ],
  has_calendar_feed: false,
  created_at: '2030-03-01T09:00:00Z',
  updated_at: '2030-03-01T09:00:00Z',
};

const sam = { id: 'u2', name: 'Sam Senior' };
const primary = { kind: 'layer' as const, layer_name: 'Primary' };
const hours = (date: string, n: number, skip?: number) =>
  Array.from({ length: n }, (_, i) => {
    const h = skip !== undefined && i >= skip ? i + 1 : i;
    return {
      start: `${date}T${String(h).padStart(2, '0')}:00:00Z`,
      local_time: `${String(h).padStart(2, '0')}:00`,
      user: sam,
      source: primary,
    };
  });
// A week ending with the spring-forward Sunday: 23 hour blocks, 01:00 skipped.
const week: ScheduleWeek = {
  time_zone: 'Europe/London',
  days: [
    ...['2030-03-25', '2030-03-26', '2030-03-27', '2030-03-28', '2030-03-29', '2030-03-30'].map((date) => ({
      date,
      blocks: hours(date, 24),
    })),
    { date: '2030-03-31', blocks: hours('2030-03-31', 23, 1) },
  ],
};

describe('on-call schedules page', () => {
  it('shows the schedule, who is on call and a week of hour blocks in the schedule’s zone', async () => {
    mockApi({
      'GET /me': json(session('admin')),
      'GET /members': json({ items: [] }),
      'GET /schedules': json({ items: [schedule] }),
      'GET /schedules/s1': json({ schedule, overrides: [] }),
      'GET /schedules/s1/on-call': json({
        at: '2030-03-25T10:00:00Z',
        user: sam,
        source: primary,
        until: '2030-04-01T08:00:00Z',
        next: {
          user: { id: 'u3', name: 'Pat Senior' },
          start: '2030-04-01T08:00:00Z',
          end: null,
          source: primary,
        },
      }),
      'GET /schedules/s1/week': json(week),
    });
    renderApp('/settings/schedules');
    expect(await screen.findByRole('button', { name: 'Support rota', pressed: true })).toBeTruthy();
    expect((await screen.findByTestId('on-call-now')).textContent).toMatch(
      /On call now: Sam Senior \(Primary\), until .*Next: Pat Senior \(Primary\)/,
    );
    const table = await screen.findByRole('table', {
      name: /Who is on call, hour by hour, local time in Europe\/London/,
    });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(8);
    // The DST day says its hours as they are: 00:00, then 02:00 onwards.
    expect(rows[7]!.textContent).toContain('00:00–24:00 Sam Senior (Primary)');
    expect(rows[7]!.querySelectorAll('[title]')).toHaveLength(23);
    expect(rows[7]!.querySelector('[title]')!.getAttribute('title')).toBe('00:00 Sam Senior');
    expect(screen.getByRole('button', { name: 'Create calendar link' })).toBeTruthy();
  });

  it('tells the queue card who was paged and why', () => {
    expect(
      pagedSummary([
        {
          id: 'u2',
          name: 'Sam Senior',
          reason: 'on_call',
          schedule: { id: 's1', name: 'Support rota' },
          layer: 'Primary',
        },
      ]),
    ).toBe('Sam Senior (on call, Primary)');
    expect(
      pagedSummary([
        {
          id: 'u3',
          name: 'Pat Senior',
          reason: 'on_call',
          schedule: { id: 's1', name: 'Support rota' },
          layer: 'override',
        },
        { id: 'u4', name: 'Ola Owner', reason: 'role', schedule: null, layer: null },
        { id: 'u5', name: 'Ron Robin', reason: 'round_robin', schedule: null, layer: null },
        { id: 'u6', name: 'Eve Else', reason: 'role', schedule: null, layer: null },
      ]),
    ).toBe('Pat Senior (on call, override), Ola Owner, Ron Robin (round-robin) +1 more');
    expect(pagedSummary([])).toBeNull();
  });
});
