import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeEventSource } from '../../test/fakeEventSource';
import { json, mockApi, renderApp, resetBetweenTests, session } from '../../test/helpers';
import type { AppNotification } from './api';

resetBetweenTests();

function note(id: string, title: string, read = false): AppNotification {
  return {
    id,
    event: 'handoff_created',
    title,
    link: `/sessions/s-${id}?pickup=1`,
    handoff_id: `h-${id}`,
    read_at: read ? '2025-05-01T10:00:00Z' : null,
    created_at: new Date(Date.now() - 5 * 60_000).toISOString(),
  };
}

/** A tiny notifications server: the list can grow and the read endpoints change it. */
function notificationsServer(initial: AppNotification[]) {
  let items = initial;
  const unread = () => items.filter((n) => !n.read_at).length;
  const routes = {
    'GET /me': json(session('tech')),
    'GET /notifications?limit=20': () => json({ items, unread_count: unread() }),
    'POST /notifications/read-all': () => {
      items = items.map((n) => ({ ...n, read_at: n.read_at ?? '2025-05-01T12:00:00Z' }));
      return json({ unread_count: 0 });
    },
    'POST /notifications/n1/read': () => {
      items = items.map((n) => (n.id === 'n1' ? { ...n, read_at: '2025-05-01T12:00:00Z' } : n));
      return json({ unread_count: unread() });
    },
  };
  return { routes, add: (n: AppNotification) => (items = [n, ...items]) };
}

beforeEach(() => {
  FakeEventSource.reset();
  vi.stubGlobal('EventSource', FakeEventSource);
});

const bell = (name: string | RegExp) => screen.findByRole('button', { name });

describe('notification bell', () => {
  it('updates the count on a live notification, announces it, and marks all read', async () => {
    const server = notificationsServer([note('n1', 'Printer offline escalated')]);
    const fetchMock = mockApi(server.routes);
    renderApp('/');
    await bell('Notifications, 1 unread');

    const stream = FakeEventSource.latest();
    expect(stream.url).toBe('/api/v1/stream');
    stream.emit('ready', { user_id: 'u1', last_event_id: 3 });

    server.add(note('n2', 'VPN outage claimed by Sam'));
    const listFetches = () =>
      fetchMock.mock.calls.filter(([url]) => /\/notifications\?/.test(String(url))).length;
    const fetchedBefore = listFetches();
    stream.emit(
      'notification',
      {
        event: 'handoff_claimed',
        title: 'VPN outage claimed by Sam',
        link: '/sessions/s-n2?pickup=1',
        handoff_id: 'h-n2',
      },
      '4',
    );

    const button = await bell('Notifications, 2 unread');
    expect(button.textContent).toContain('2');
    // The frame carried the count: the list is not fetched until the panel opens.
    expect(listFetches()).toBe(fetchedBefore);
    expect(
      screen
        .getByText('New notification: VPN outage claimed by Sam')
        .closest('[aria-live]')
        ?.getAttribute('aria-live'),
    ).toBe('polite');

    fireEvent.click(button);
    const panel = await screen.findByRole('dialog', { name: 'Notifications' });
    expect(button.getAttribute('aria-expanded')).toBe('true');
    const links = within(panel).getAllByRole('link');
    expect(listFetches()).toBe(fetchedBefore + 1);
    expect(links.map((l) => l.textContent)).toEqual([
      expect.stringContaining('VPN outage claimed by Sam'),
      expect.stringContaining('Printer offline escalated'),
    ]);
    expect(links[0]?.textContent).toContain('Unread:');
    expect(document.activeElement).toBe(links[0]);

    fireEvent.click(within(panel).getByRole('button', { name: 'Mark all read' }));
    await bell('Notifications');
    await waitFor(() => expect(within(panel).queryByText(/Unread:/)).toBeNull());
    expect(within(panel).getByRole('button', { name: 'Mark all read' }).hasAttribute('disabled')).toBe(true);
    expect(fetchMock.mock.calls.some(([url]) => String(url).endsWith('/notifications/read-all'))).toBe(true);

    fireEvent.keyDown(document, { key: 'Escape' });
    expect(screen.queryByRole('dialog', { name: 'Notifications' })).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it('marks a notification read and opens its link', async () => {
    const server = notificationsServer([
      note('n1', 'Printer offline escalated'),
      note('n0', 'Old one', true),
    ]);
    const fetchMock = mockApi(server.routes);
    const { router } = renderApp('/');
    fireEvent.click(await bell('Notifications, 1 unread'));

    const panel = screen.getByRole('dialog', { name: 'Notifications' });
    const [first, second] = within(panel).getAllByRole('link');
    expect(second?.textContent).not.toContain('Unread:');
    first?.focus();
    fireEvent.keyDown(first as HTMLElement, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(second);

    fireEvent.click(first as HTMLElement);
    await waitFor(() => expect(router.state.location.pathname).toBe('/sessions/s-n1'));
    expect(router.state.location.search).toBe('?pickup=1');
    expect(screen.queryByRole('dialog', { name: 'Notifications' })).toBeNull();
    await waitFor(() =>
      expect(fetchMock.mock.calls.some(([url]) => String(url).endsWith('/notifications/n1/read'))).toBe(true),
    );
  });

  it('does not open a live stream for viewers', async () => {
    mockApi({
      'GET /me': json(session('viewer')),
      'GET /notifications?limit=20': json({ items: [], unread_count: 0 }),
    });
    renderApp('/');
    await bell('Notifications');
    expect(FakeEventSource.instances).toHaveLength(0);
  });
});
