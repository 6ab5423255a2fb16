import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, mockApi, renderApp, requestBody, resetBetweenTests, session } from '../../test/helpers';
import { makeBaselines } from './testFixtures';

resetBetweenTests();
afterEach(() => {
  vi.useRealTimers();
});

const timer = () => screen.getByRole('timer', { name: 'Elapsed time' });
const status = () =>
  screen.getAllByRole('status').find((el) => /Press|Timing|Stopped/.test(el.textContent ?? ''));

async function openPage(routes: Record<string, Response | ((init: RequestInit) => Response)> = {}) {
  const fetchMock = mockApi({
    'GET /me': json(session('engineer')),
    'GET /baselines': json(makeBaselines()),
    ...routes,
  });
  renderApp('/analytics/baseline');
  await screen.findByRole('heading', { name: 'Time a verbal handoff', level: 1 });
  await screen.findByText('Ticket 4711, printer');
  return fetchMock;
}

describe('BaselinePage', () => {
  it('explains what to time and shows the team baseline and my measurements', async () => {
    await openPage();
    expect(
      screen.getByText(/from “can you take this ticket\?” until the senior starts working on it/),
    ).toBeTruthy();
    expect(screen.getByText('Team timings').nextElementSibling?.textContent).toBe('7');
    expect(screen.getByText('Team median').nextElementSibling?.textContent).toBe('5 min 30 s');
    const table = screen.getByRole('table', { name: 'My measurements' });
    expect(within(table).getByText('7 min')).toBeTruthy();
    expect(within(table).getByText('1 min 35 s')).toBeTruthy();
  });

  it('times a handoff with Start and Stop, then saves seconds and the note', async () => {
    const fetchMock = await openPage({
      'POST /baselines': json(
        {
          baseline: {
            id: 'b3',
            seconds: 95,
            note: 'Ticket 815',
            measured_at: '2030-06-15T10:00:00Z',
            created_at: '2030-06-15T10:00:00Z',
          },
        },
        201,
      ),
    });
    expect((screen.getByRole('button', { name: 'Save measurement' }) as HTMLButtonElement).disabled).toBe(
      true,
    );

    vi.useFakeTimers();
    fireEvent.click(screen.getByRole('button', { name: 'Start' }));
    expect(timer().getAttribute('aria-live')).toBe('off');
    expect(status()?.textContent).toMatch(/^Timing/);
    act(() => vi.advanceTimersByTime(61_000));
    expect(timer().textContent).toBe('01:01');
    act(() => vi.advanceTimersByTime(34_200));
    expect(timer().textContent).toBe('01:35');

    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    vi.useRealTimers();
    expect(timer().textContent).toBe('01:35');
    expect(status()?.textContent).toBe(
      'Stopped at 1 min 35 s. Add a note if you like, then save the measurement.',
    );
    const note = screen.getByLabelText('Note (optional)');
    expect(document.activeElement).toBe(note);

    fireEvent.change(note, { target: { value: '  Ticket 815 ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save measurement' }));

    await waitFor(() => expect(timer().textContent).toBe('00:00'));
    const post = fetchMock.mock.calls.findIndex(([, init]) => (init as RequestInit).method === 'POST');
    expect(post).toBeGreaterThan(-1);
    expect(String(fetchMock.mock.calls[post]?.[0])).toBe('/api/v1/baselines');
    expect(requestBody(fetchMock, post)).toEqual({ seconds: 95, note: 'Ticket 815' });
    expect(await screen.findByText('Measurement saved: 1 min 35 s.')).toBeTruthy();
    expect((screen.getByLabelText('Note (optional)') as HTMLInputElement).value).toBe('');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Start' }));
  });

  it('toggles with Space outside text fields, and Reset discards the timing', async () => {
    await openPage();
    const note = screen.getByLabelText('Note (optional)');
    vi.useFakeTimers();

    fireEvent.keyDown(note, { key: ' ' });
    expect(screen.queryByRole('button', { name: 'Stop' })).toBeNull(); // typing a space in the note

    fireEvent.keyDown(document.body, { key: ' ' });
    expect(screen.getByRole('button', { name: 'Stop' })).toBeTruthy();
    act(() => vi.advanceTimersByTime(12_000));
    fireEvent.keyDown(document.body, { key: ' ' });
    expect(timer().textContent).toBe('00:12');
    expect((screen.getByRole('button', { name: 'Start' }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Reset' }));
    expect(timer().textContent).toBe('00:00');
    expect((screen.getByRole('button', { name: 'Start' }) as HTMLButtonElement).disabled).toBe(false);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Start' }));
    expect((screen.getByRole('button', { name: 'Save measurement' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
  });

  it('will not save a timing under a second', async () => {
    await openPage();
    vi.useFakeTimers();
    fireEvent.click(screen.getByRole('button', { name: 'Start' }));
    act(() => vi.advanceTimersByTime(300));
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    expect(screen.getByText(/too short to save/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Save measurement' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
  });

  it('deletes one of my measurements after confirmation', async () => {
    let deleted = false;
    const fetchMock = await openPage({
      // After the delete, the list refetches without the removed row.
      'GET /baselines': () => {
        const list = makeBaselines();
        return json(deleted ? { items: list.items.slice(1), account: { n: 6, median: 300 } } : list);
      },
      'DELETE /baselines/b1': () => {
        deleted = true;
        return json(null, 204);
      },
    });

    const row = screen.getByText('Ticket 4711, printer').closest('tr') as HTMLElement;
    fireEvent.click(within(row).getByRole('button', { name: /^Delete measurement of 7 min/ }));
    const dialog = screen.getByRole('dialog', { name: 'Delete measurement?' });
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete measurement' }));

    await waitFor(() => expect(screen.queryByText('Ticket 4711, printer')).toBeNull());
    expect(deleted).toBe(true);
    const call = fetchMock.mock.calls.find(([, init]) => (init as RequestInit).method === 'DELETE');
    expect(String(call?.[0])).toBe('/api/v1/baselines/b1');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByText('Team timings').nextElementSibling?.textContent).toBe('6');
  });
});
