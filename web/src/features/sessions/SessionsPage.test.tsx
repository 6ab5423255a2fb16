import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeSession } from '../../test/sessionFixtures';
import { json, mockApi, renderApp, resetBetweenTests, session } from '../../test/helpers';

resetBetweenTests();

const mine = makeSession({ updated_at: new Date(Date.now() - 5 * 60_000).toISOString() });
const teamResolved = makeSession({
  id: 's2',
  status: 'resolved',
  problem_summary: 'Printer queue stuck',
  confidence_tier: 'guided',
  priority: 'p1',
  ticket: '777',
  owner: { id: 'u2', name: 'Terry Tech' },
  user_id: 'u2',
});

describe('sessions list', () => {
  it('lists my sessions, switches to the team tab and filters by status', async () => {
    const fetchMock = mockApi({
      'GET /me': json(session('tech')),
      'GET /sessions?scope=mine&limit=50': json({ items: [mine] }),
      'GET /sessions?scope=account&limit=50': json({ items: [mine, teamResolved] }),
      'GET /sessions?scope=account&limit=50&status=resolved': json({ items: [teamResolved] }),
    });
    const { router } = renderApp('/sessions');

    const row = (await screen.findByRole('link', { name: 'Outlook stuck on “Trying to connect”' })).closest(
      'li',
    )!;
    expect(within(row).getByText('Active')).toBeTruthy();
    expect(within(row).getByText('Exploring')).toBeTruthy();
    expect(within(row).getByText('Ticket #12345')).toBeTruthy();
    expect(within(row).getByText('5 minutes ago')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'New session' }).getAttribute('href')).toBe('/sessions/new');

    const teamTab = screen.getByRole('tab', { name: 'Team' });
    fireEvent.click(teamTab);
    expect(teamTab.getAttribute('aria-selected')).toBe('true');
    expect(await screen.findByRole('link', { name: 'Printer queue stuck' })).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'resolved' } });
    const list = await screen.findByRole('list', { name: 'Team sessions' });
    await within(list).findByText('Terry Tech');
    expect(router.state.location.search).toBe('?scope=account&status=resolved');
    expect(fetchMock.mock.calls.map(([url]) => String(url))).toContain(
      '/api/v1/sessions?scope=account&limit=50&status=resolved',
    );

    fireEvent.keyDown(screen.getByRole('tab', { name: 'Team' }), { key: 'ArrowLeft' });
    expect(screen.getByRole('tab', { name: 'Mine' }).getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Mine' }));
  });

  it('hides New session from viewers', async () => {
    mockApi({
      'GET /me': json(session('viewer')),
      'GET /sessions?scope=mine&limit=50': json({ items: [] }),
    });
    renderApp('/sessions');
    expect(await screen.findByText('No sessions of yours')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'New session' })).toBeNull();
  });

  it('shows open sessions and the team’s recent resolutions on the dashboard', async () => {
    mockApi({
      'GET /me': json(session('tech')),
      'GET /sessions?scope=mine&limit=50': json({
        items: [mine, makeSession({ id: 's9', status: 'abandoned', problem_summary: 'Old thing' })],
      }),
      'GET /sessions?scope=account&limit=5&status=resolved': json({ items: [teamResolved] }),
    });
    renderApp('/');
    const open = await screen.findByRole('list', { name: 'My open sessions' });
    expect(within(open).getAllByRole('listitem')).toHaveLength(1);
    expect(screen.queryByText('Old thing')).toBeNull();
    const resolved = await screen.findByRole('list', { name: 'Recently resolved sessions' });
    expect(within(resolved).getByText('Printer queue stuck')).toBeTruthy();
    expect(screen.getAllByRole('link', { name: 'New session' }).length).toBeGreaterThan(0);
  });
});
