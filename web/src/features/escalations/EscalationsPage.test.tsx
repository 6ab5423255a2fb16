import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeEventSource } from '../../test/fakeEventSource';
import { makeHandoff, makeQueueItem } from '../../test/handoffFixtures';
import { json, mockApi, renderApp, resetBetweenTests, session } from '../../test/helpers';
import { makeView } from '../../test/sessionFixtures';
import type { Schemas } from '../../api/client';

type QueueItem = Schemas['QueueItem'];

resetBetweenTests();

const older = makeQueueItem({
  id: 'hA',
  session_id: 'sA',
  problem_summary: 'Printer offline at reception',
  age_seconds: 600,
  policy_level: 2,
  assessment_status: 'pending',
});
const newer = makeQueueItem({ id: 'hB', session_id: 'sB', problem_summary: 'VPN drops every hour' });
const arrival = makeQueueItem({
  id: 'hC',
  session_id: 'sC',
  problem_summary: 'Teams calls have no audio',
  priority: 'p1',
  age_seconds: 1,
});

/** A queue server whose list the test changes between frames. */
function queueServer(initial: QueueItem[]) {
  const state = { items: initial };
  const fetchMock = mockApi({
    'GET /me': json(session('engineer')),
    'GET /notifications?limit=20': json({ items: [], unread_count: 0 }),
    'GET /analytics/escalations?period=30d': json({ code: 'UNAVAILABLE', message: 'Not now' }, 503),
    'GET /handoffs/queue': () => json({ items: state.items }),
    'GET /sessions/sA': json(makeView({ id: 'sA', status: 'requesting_escalation', user_id: 'u2' })),
    'GET /sessions/sA/handoffs': json({ items: [makeHandoff({ id: 'hA', session_id: 'sA' })] }),
  });
  const queueCalls = () =>
    fetchMock.mock.calls.filter(([url]) => String(url).endsWith('/handoffs/queue')).length;
  return { state, fetchMock, queueCalls };
}

const cardNames = () => screen.getAllByRole('article').map((card) => card.getAttribute('aria-label'));
const card = (name: string) => screen.getByRole('article', { name });

async function openQueue() {
  const utils = renderApp('/escalations');
  await screen.findByRole('article', { name: older.problem_summary });
  FakeEventSource.latest().emit('ready', { user_id: 'u1', last_event_id: 1 });
  return utils;
}

let visibility: DocumentVisibilityState = 'visible';

beforeEach(() => {
  FakeEventSource.reset();
  vi.stubGlobal('EventSource', FakeEventSource);
  visibility = 'visible';
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
});
afterEach(() => {
  delete (document as { visibilityState?: unknown }).visibilityState;
});

describe('escalation queue', () => {
  it('shows each card with its details and prepends a live arrival with the slide-in', async () => {
    const server = queueServer([older, newer]);
    await openQueue();

    expect(screen.getByRole('heading', { level: 1, name: 'Escalations' })).toBeTruthy();
    expect(cardNames()).toEqual([older.problem_summary, newer.problem_summary]);
    const first = card(older.problem_summary);
    expect(first.getAttribute('data-handoff-id')).toBe('hA');
    expect(first.textContent).toContain('Terry Tech');
    expect(first.textContent).toContain('10 min ago');
    expect(first.textContent).toContain('Ticket #12345');
    expect(first.textContent).toContain('3 steps tried');
    expect(first.textContent).toContain('Generating assessment…');
    expect(first.textContent).toContain('Level 2');
    expect(within(first).getByText(/P2/).textContent).toContain('High');
    expect(within(first).getByRole('link').getAttribute('href')).toBe('/sessions/sA?pickup=1');
    expect(first.getAttribute('data-fresh')).toBeNull();

    server.state.items = [older, newer, arrival];
    FakeEventSource.latest().emit(
      'handoff_created',
      { handoff_id: 'hC', session_id: 'sC', handed_off_by: { id: 'u2', name: 'Terry Tech' }, priority: 'p1' },
      '2',
    );

    await screen.findByRole('article', { name: arrival.problem_summary });
    expect(cardNames()).toEqual([arrival.problem_summary, older.problem_summary, newer.problem_summary]);
    const fresh = card(arrival.problem_summary);
    expect(fresh.getAttribute('data-fresh')).toBe('true');
    expect(fresh.className).toContain('motion-safe:animate-queue-slide-in');
    expect(fresh.className).toContain('motion-reduce:animate-queue-fade-in');
    expect(within(fresh).getByText(/P1/).textContent).toContain('Critical');
  });

  it('removes cards claimed or resolved elsewhere at once and refetches released ones', async () => {
    const server = queueServer([older, newer]);
    await openQueue();
    const callsBefore = server.queueCalls();

    server.state.items = [newer];
    FakeEventSource.latest().emit(
      'handoff_claimed',
      { handoff_id: 'hA', session_id: 'sA', claimed_by: { id: 'u7', name: 'Sam Senior' } },
      '2',
    );
    await waitFor(() => expect(screen.queryByRole('article', { name: older.problem_summary })).toBeNull());
    expect(server.queueCalls()).toBe(callsBefore); // removed from the cache, no round trip

    FakeEventSource.latest().emit('handoff_resolved', { handoff_id: 'hB', session_id: 'sB' }, '3');
    await waitFor(() => expect(screen.queryByRole('article')).toBeNull());
    expect(screen.getByText('No escalations waiting.')).toBeTruthy();
    expect(screen.getByText(/New ones appear here instantly/)).toBeTruthy();

    server.state.items = [older];
    FakeEventSource.latest().emit('handoff_released', { handoff_id: 'hA', session_id: 'sA' }, '4');
    expect(await screen.findByRole('article', { name: older.problem_summary })).toBeTruthy();
  });

  it('refetches after the live provider reports missed events', async () => {
    const server = queueServer([older]);
    await openQueue();
    server.state.items = [older, newer];
    FakeEventSource.latest().emit('resync', { reason: 'missed events' });
    expect(await screen.findByRole('article', { name: newer.problem_summary })).toBeTruthy();
  });

  it('counts arrivals in the title while the tab is hidden and restores it on return', async () => {
    const server = queueServer([older]);
    await openQueue();
    expect(document.title).toBe('Escalations · ResolutionFlow');

    visibility = 'hidden';
    act(() => void document.dispatchEvent(new Event('visibilitychange')));
    server.state.items = [older, newer, arrival];
    const stream = FakeEventSource.latest();
    stream.emit('handoff_created', { handoff_id: 'hB', session_id: 'sB', handed_off_by: { id: 'u2' } }, '2');
    stream.emit('handoff_created', { handoff_id: 'hC', session_id: 'sC', handed_off_by: { id: 'u2' } }, '3');
    // One's own escalation is not an arrival.
    stream.emit('handoff_created', { handoff_id: 'hX', session_id: 'sX', handed_off_by: { id: 'u1' } }, '4');
    expect(document.title).toBe('(2) Escalations · ResolutionFlow');

    visibility = 'visible';
    act(() => void document.dispatchEvent(new Event('visibilitychange')));
    expect(document.title).toBe('Escalations · ResolutionFlow');
    await screen.findByRole('article', { name: arrival.problem_summary });
  });

  it('keeps the unread dot across reloads until the card is opened', async () => {
    queueServer([older, newer]);
    const first = await openQueue();
    expect(card(older.problem_summary).getAttribute('data-unread')).toBe('true');
    fireEvent.mouseOver(card(older.problem_summary));
    expect(card(older.problem_summary).getAttribute('data-unread')).toBe('true');
    first.unmount();

    // "Reload": a fresh app, same browser storage.
    const { router } = await openQueue();
    expect(card(older.problem_summary).getAttribute('data-unread')).toBe('true');
    fireEvent.click(within(card(older.problem_summary)).getByRole('link'));
    await waitFor(() => expect(router.state.location.pathname).toBe('/sessions/sA'));

    await act(() => router.navigate('/escalations'));
    await screen.findByRole('article', { name: older.problem_summary });
    expect(card(older.problem_summary).getAttribute('data-unread')).toBeNull();
    expect(card(newer.problem_summary).getAttribute('data-unread')).toBe('true');
  });
});
