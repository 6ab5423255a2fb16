import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockApi, PAGE_LOAD, renderApp, resetBetweenTests, session } from '../../test/helpers';
import { emptyAnalytics, makeAnalytics } from './testFixtures';

resetBetweenTests();

const card = (heading: string) =>
  screen.getByRole('heading', { name: heading }).closest('section') as HTMLElement;

describe('AnalyticsPage', () => {
  it('shows both timing cards, the counts, the definition and the savings estimate', async () => {
    mockApi({
      'GET /me': json(session('engineer')),
      'GET /analytics/escalations?period=30d': json(makeAnalytics()),
    });
    renderApp('/analytics');

    await screen.findByRole('heading', { name: 'Time to claim' }, PAGE_LOAD);
    const claim = card('Time to claim');
    expect(within(claim).getByText('1 min 30 s')).toBeTruthy(); // median, prominent
    expect(within(claim).getByText('1 min 41 s')).toBeTruthy(); // avg 100.5 s
    expect(within(claim).getByText('5 min')).toBeTruthy(); // p90
    expect(within(claim).getByText('7 min')).toBeTruthy(); // p95
    expect(claim.textContent).toContain('Based on 4 claimed escalations');

    const action = card('Time to first action');
    expect(within(action).getByText('45 s')).toBeTruthy();
    expect(within(action).getByText('1 h 2 min')).toBeTruthy(); // p95 3720 s

    const counts = card('Escalation counts');
    const value = (term: string) => within(counts).getByText(term).nextElementSibling?.textContent;
    expect(value('Escalations')).toBe('5');
    expect(value('Claimed')).toBe('4');
    expect(value('With first action')).toBe('3');
    expect(value('Unclaimed')).toBe('1');
    expect(value('Re-escalations')).toBe('2');
    expect(value('Resolved after escalation')).toBe('3');
    expect(value('Escalation rate')).toBe('25%');

    const savings = card('Hours saved per week');
    expect(within(savings).getByText('1.25 h')).toBeTruthy();
    expect(within(savings).getByText('Pilot criterion met')).toBeTruthy();
    expect(savings.textContent).toContain('= 1.25 h/week');

    expect(
      screen.getByRole('complementary', { name: 'How these numbers are measured' }).textContent,
    ).toContain('in-product measure');
    const csv = screen.getByRole('link', { name: /Download CSV/ });
    expect(csv.getAttribute('href')).toBe('/api/v1/analytics/escalations.csv?period=30d');
    expect(csv.hasAttribute('download')).toBe(true);
  });

  it('shows "—" for measures without data', async () => {
    const none = { avg: null, median: null, p90: null, p95: null, n: 0 };
    mockApi({
      'GET /me': json(session('admin')),
      'GET /analytics/escalations?period=30d': json(
        makeAnalytics({
          time_to_claim: none,
          time_to_first_action: none,
          n_claimed: 0,
          escalation_rate: null,
        }),
      ),
    });
    renderApp('/analytics');
    await screen.findByRole('heading', { name: 'Time to first action' }, PAGE_LOAD);
    for (const heading of ['Time to claim', 'Time to first action']) {
      expect(within(card(heading)).getAllByText('—')).toHaveLength(4);
    }
    const counts = card('Escalation counts');
    expect(within(counts).getByText('Escalation rate').nextElementSibling?.textContent).toBe('—');
  });

  it('shows an empty state when the period has no escalations', async () => {
    mockApi({
      'GET /me': json(session('owner')),
      'GET /analytics/escalations?period=30d': json(emptyAnalytics()),
    });
    renderApp('/analytics');
    expect(await screen.findByText('No escalations in the last 30 days', {}, PAGE_LOAD)).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Time to claim' })).toBeNull();
    expect(screen.getAllByRole('link', { name: 'Time a verbal handoff' })[0]?.getAttribute('href')).toBe(
      '/analytics/baseline',
    );
  });

  it('switches the period, keeping it in the URL and refetching for it', async () => {
    const fetchMock = mockApi({
      'GET /me': json(session('engineer')),
      'GET /analytics/escalations?period=30d': json(makeAnalytics()),
      'GET /analytics/escalations?period=7d': json(
        makeAnalytics({
          period: '7d',
          escalations: 2,
          time_to_claim: { avg: 40, median: 42, p90: 50, p95: 55, n: 2 },
        }),
      ),
    });
    const { router } = renderApp('/analytics');
    await screen.findByRole('heading', { name: 'Time to claim' }, PAGE_LOAD);

    const group = screen.getByRole('group', { name: 'Period' });
    expect(within(group).getByRole('button', { name: '30 days' }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(within(group).getByRole('button', { name: '7 days' }));

    await waitFor(() => expect(within(card('Time to claim')).getByText('42 s')).toBeTruthy(), PAGE_LOAD);
    expect(router.state.location.search).toBe('?period=7d');
    expect(within(group).getByRole('button', { name: '7 days' }).getAttribute('aria-pressed')).toBe('true');
    expect(fetchMock.mock.calls.map(([url]) => String(url))).toContain(
      '/api/v1/analytics/escalations?period=7d',
    );
    expect(screen.getByRole('link', { name: /Download CSV/ }).getAttribute('href')).toContain('period=7d');
  });

  it('starts from the period in the URL', async () => {
    mockApi({
      'GET /me': json(session('engineer')),
      'GET /analytics/escalations?period=90d': json(makeAnalytics({ period: '90d' })),
    });
    renderApp('/analytics?period=90d');
    await screen.findByRole('heading', { name: 'Time to claim' }, PAGE_LOAD);
    expect(screen.getByRole('button', { name: '90 days' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('offers each chart as a described image with its numbers as a table', async () => {
    mockApi({
      'GET /me': json(session('engineer')),
      'GET /analytics/escalations?period=30d': json(makeAnalytics()),
    });
    renderApp('/analytics');
    const toggle = await screen.findByRole(
      'button',
      { name: 'Show data for escalations over time' },
      PAGE_LOAD,
    );
    const images = screen.getAllByRole('img');
    expect(images.some((img) => /5 escalations in total/.test(img.getAttribute('aria-label') ?? ''))).toBe(
      true,
    );
    expect(
      images.some((img) => /Distribution of time to first action/.test(img.getAttribute('aria-label') ?? '')),
    ).toBe(true);

    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const table = screen.getByRole('table', { name: /per day/ });
    expect(within(table).getAllByRole('row')).toHaveLength(3); // header + two days
    expect(within(table).getByText('2 min')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Time to claim' }));
    fireEvent.click(screen.getByRole('button', { name: /Show data for the distribution of time to claim/ }));
    const dist = screen.getByRole('table', { name: 'Distribution of time to claim' });
    expect(within(dist).getByText('1–2 min').nextElementSibling?.textContent).toBe('3');
  });

  it('tells techs the page is not for them without asking the server', async () => {
    const fetchMock = mockApi({ 'GET /me': json(session('tech')) });
    renderApp('/analytics');
    expect(await screen.findByText('Analytics is not available to you', {}, PAGE_LOAD)).toBeTruthy();
    expect(fetchMock.mock.calls.some(([url]) => String(url).includes('/analytics/'))).toBe(false);
  });
});
