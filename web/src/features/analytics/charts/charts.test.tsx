import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeAnalytics } from '../testFixtures';
import AnalyticsCharts from './AnalyticsCharts';
import { humanBucketLabel } from './DistributionChart';
import { timelinePoints } from './timeline';

beforeEach(() => {
  // happy-dom does no layout; give every box a size so the charts draw.
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({
    x: 0,
    y: 0,
    top: 0,
    left: 0,
    right: 640,
    bottom: 280,
    width: 640,
    height: 280,
    toJSON: () => ({}),
  } as DOMRect);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('analytics charts', () => {
  it('draws both charts with theme colours and toggles the distribution measure', () => {
    const { container } = render(<AnalyticsCharts data={makeAnalytics()} />);
    expect(container.querySelectorAll('svg.recharts-surface').length).toBeGreaterThanOrEqual(2);
    expect(container.innerHTML).toContain('var(--chart-blue)');
    expect(container.innerHTML).toContain('var(--chart-orange)');

    const measure = screen.getByRole('group', { name: 'Measure' });
    fireEvent.click(within(measure).getByRole('button', { name: 'Time to claim' }));
    expect(within(measure).getByRole('button', { name: 'Time to claim' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    const image = screen
      .getAllByRole('img')
      .find((el) => /^Distribution of time to claim/.test(el.getAttribute('aria-label') ?? ''));
    expect(image?.getAttribute('aria-label')).toContain('most often 1–2 min (3)');
  });

  it('fills quiet days so the time axis is even, in UTC', () => {
    const points = timelinePoints(makeAnalytics().series, '2030-06-09T12:00:00Z', '2030-06-12T08:00:00Z');
    expect(points.map((p) => [p.day, p.escalations, p.ttfaMinutes])).toEqual([
      ['2030-06-09', 0, null],
      ['2030-06-10', 3, 1],
      ['2030-06-11', 0, null],
      ['2030-06-12', 2, 0.5],
    ]);
  });

  it('relabels the server buckets in friendlier units', () => {
    expect(
      ['0–30 s', '30–60 s', '60–120 s', '300–600 s', '600–1800 s', '> 1800 s', 'odd'].map(humanBucketLabel),
    ).toEqual(['0–30 s', '30 s–1 min', '1–2 min', '5–10 min', '10–30 min', '> 30 min', 'odd']);
  });
});
