import { cleanup, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { DurationCard } from './MetricCards';
import { SavingsCard } from './SavingsCard';
import { makeSavings } from './testFixtures';
import type { Schemas } from '../../api/client';

type Savings = Schemas['Savings'];

afterEach(cleanup);

const renderSavings = (savings: Savings) =>
  render(
    <MemoryRouter>
      <SavingsCard savings={savings} />
    </MemoryRouter>,
  );

describe('SavingsCard', () => {
  it('shows the hours, a met badge, the arithmetic and the baseline', () => {
    renderSavings(makeSavings());
    expect(screen.getByRole('heading', { name: 'Hours saved per week' })).toBeTruthy();
    expect(screen.getByText('1.25 h')).toBeTruthy();
    expect(screen.getByText('Pilot criterion met')).toBeTruthy();
    expect(screen.getByText(/= 1\.25 h\/week/)).toBeTruthy();
    expect(screen.getByText('Baseline median').nextElementSibling?.textContent).toBe('10 min');
    expect(screen.getByText('Baseline timings').nextElementSibling?.textContent).toBe('6');
    expect(screen.getByRole('link', { name: 'Record baseline timings' }).getAttribute('href')).toBe(
      '/analytics/baseline',
    );
  });

  it('says when the criterion is not met, including a negative saving', () => {
    renderSavings(makeSavings({ status: 'not_met', criterion_met: false, hours_saved_per_week: -0.4 }));
    expect(screen.getByText('Pilot criterion not met')).toBeTruthy();
    expect(screen.getByText('−0.4 h')).toBeTruthy();
    expect(screen.getByText(/more slowly than after a verbal handoff/)).toBeTruthy();
  });

  it('says when there is not enough data yet', () => {
    renderSavings(
      makeSavings({
        status: 'not_enough_data',
        criterion_met: null,
        hours_saved_per_week: null,
        baseline_median: null,
        baseline_n: 2,
        arithmetic: 'Needs at least 5 baseline measurements (have 2) and 5 claimed escalations (have 1).',
      }),
    );
    expect(screen.getByText('Not enough data')).toBeTruthy();
    expect(screen.getAllByText('—')).toHaveLength(2); // hours and baseline median
    expect(screen.getByText(/Needs at least 5 baseline measurements/)).toBeTruthy();
  });
});

describe('DurationCard', () => {
  it('puts the median first and shows "—" when there is no data', () => {
    const { rerender } = render(
      <DurationCard
        title="Time to claim"
        description="d"
        unit="claimed escalations"
        stats={{ avg: 75, median: 60, p90: 125, p95: 3600, n: 12 }}
      />,
    );
    const values = [...document.querySelectorAll('dd')].map((dd) => dd.textContent);
    expect(values).toEqual(['1 min', '1 min 15 s', '2 min 5 s', '1 h']);
    expect(screen.getByText('Based on 12 claimed escalations.')).toBeTruthy();

    rerender(
      <DurationCard
        title="Time to claim"
        description="d"
        unit="claimed escalations"
        stats={{ avg: null, median: null, p90: null, p95: null, n: 0 }}
      />,
    );
    expect(screen.getAllByText('—')).toHaveLength(4);
  });
});
