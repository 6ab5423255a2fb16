import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { json, mockApi, resetBetweenTests } from '../../test/helpers';
import { LiveContext, type LiveContextValue } from '../live/LiveContext';
import type { LiveHandler, LiveMessage } from '../live/liveConnection';
import { EscalationMetricCard } from './EscalationMetricCard';
import { makeAnalytics } from './testFixtures';
import { LIVE_REFRESH_DEBOUNCE_MS } from './useLiveAnalyticsRefresh';

resetBetweenTests();

/** A frame whose contents the card does not read: any handoff event makes it refetch. */
const frame = (type: 'handoff_created' | 'handoff_claimed', id: string) =>
  ({ type, data: {}, id }) as LiveMessage;

function setup(live?: LiveContextValue) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter(
    [
      { path: '/escalations', element: <EscalationMetricCard /> },
      { path: '/analytics', element: <h1>Analytics</h1> },
    ],
    { initialEntries: ['/escalations'] },
  );
  render(
    <QueryClientProvider client={queryClient}>
      <LiveContext.Provider value={live ?? null}>
        <RouterProvider router={router} />
      </LiveContext.Provider>
    </QueryClientProvider>,
  );
  return { queryClient, router };
}

describe('EscalationMetricCard', () => {
  it('shows 30-day time to first action, its sample and the definition on demand', async () => {
    mockApi({ 'GET /analytics/escalations?period=30d': json(makeAnalytics()) });
    const { queryClient, router } = setup();
    const card = (await screen.findByRole('heading', { name: /Time to first action/ })).closest('section')!;

    expect(await within(card).findByText('45 s')).toBeTruthy(); // median
    expect(within(card).getByText('Average').nextElementSibling?.textContent).toBe('1 min 2 s');
    expect(within(card).getByText('Claims with a first action').nextElementSibling?.textContent).toBe(
      '3 of 4',
    );
    expect(queryClient.getQueryData(['analytics', 'escalations', '30d'])).toBeTruthy();

    const more = within(card).getByRole('button', { name: 'Show how this is measured' });
    expect(more.getAttribute('aria-expanded')).toBe('false');
    const definition = document.getElementById(more.getAttribute('aria-controls')!)!;
    expect(definition.className).toContain('line-clamp-1');
    fireEvent.click(more);
    expect(more.getAttribute('aria-expanded')).toBe('true');
    expect(definition.className).not.toContain('line-clamp-1');

    fireEvent.click(within(card).getByRole('link', { name: 'View analytics' }));
    expect(router.state.location.pathname).toBe('/analytics');
  });

  it('shows "—" while nothing has been measured', async () => {
    const none = { avg: null, median: null, p90: null, p95: null, n: 0 };
    mockApi({
      'GET /analytics/escalations?period=30d': json(
        makeAnalytics({ time_to_first_action: none, n_with_action: 0, n_claimed: 0 }),
      ),
    });
    setup();
    const term = await screen.findByText('Claims with a first action');
    expect(term.nextElementSibling?.textContent).toBe('0 of 0');
    expect(screen.getAllByText('—')).toHaveLength(2);
  });

  it('refetches once, debounced, after a burst of handoff events', async () => {
    const handlers = new Map<string, LiveHandler>();
    const live: LiveContextValue = {
      status: 'live',
      subscribe: (type, handler) => {
        handlers.set(type, handler);
        return () => handlers.delete(type);
      },
    };
    const fetchMock = mockApi({ 'GET /analytics/escalations?period=30d': json(makeAnalytics()) });
    setup(live);
    await screen.findByText('45 s');
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect([...handlers.keys()]).toEqual(expect.arrayContaining(['handoff_claimed', 'handoff_created']));

    vi.useFakeTimers();
    try {
      act(() => {
        handlers.get('handoff_created')?.(frame('handoff_created', '1'));
        handlers.get('handoff_claimed')?.(frame('handoff_claimed', '2'));
      });
      act(() => vi.advanceTimersByTime(LIVE_REFRESH_DEBOUNCE_MS - 100));
      expect(fetchMock).toHaveBeenCalledTimes(1);
      act(() => handlers.get('handoff_claimed')?.(frame('handoff_claimed', '3')));
      act(() => vi.advanceTimersByTime(LIVE_REFRESH_DEBOUNCE_MS));
    } finally {
      vi.useRealTimers();
    }
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2));
  });
});
