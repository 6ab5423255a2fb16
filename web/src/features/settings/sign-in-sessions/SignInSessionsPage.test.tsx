import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Schemas } from '../../../api/client';
import { json, mockApi, renderApp, resetBetweenTests, session } from '../../../test/helpers';
import { deviceLabel } from './deviceLabel';

type SignInSession = Schemas['SignInSession'];

resetBetweenTests();

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

const sessions: SignInSession[] = [
  {
    id: 's-this',
    created_at: minutesAgo(5),
    last_seen_at: minutesAgo(0),
    user_agent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
    current: true,
  },
  {
    id: 's-phone',
    created_at: minutesAgo(3 * 24 * 60),
    last_seen_at: minutesAgo(120),
    user_agent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
    current: false,
  },
];

function rowOf(name: string) {
  return screen.getByText(name).closest('tr')!;
}

describe('sign-in sessions', () => {
  it('lists each device shortened, with relative times, marking this device (which has no Revoke)', async () => {
    mockApi({ 'GET /me': json(session('tech')), 'GET /me/sessions': json({ items: sessions }) });
    renderApp('/settings/sign-in-sessions');
    expect(await screen.findByText('Firefox on Windows')).toBeTruthy();
    const mine = rowOf('Firefox on Windows');
    expect(within(mine).getByText('This device')).toBeTruthy();
    expect(within(mine).queryByRole('button', { name: /Revoke/ })).toBeNull();
    expect(within(mine).getByText('5 minutes ago')).toBeTruthy();

    const phone = rowOf('Safari on iOS');
    expect(within(phone).queryByText('This device')).toBeNull();
    expect(within(phone).getByText('3 days ago')).toBeTruthy();
    expect(within(phone).getByText('2 hours ago')).toBeTruthy();
    expect(within(phone).getByRole('button', { name: 'Revoke session on Safari on iOS' })).toBeTruthy();
  });

  it('revokes another session after confirmation and refreshes the list', async () => {
    let listed = sessions;
    const fetchMock = mockApi({
      'GET /me': json(session('tech')),
      'GET /me/sessions': () => json({ items: listed }),
      'DELETE /me/sessions/s-phone': () => {
        listed = sessions.filter((s) => s.id !== 's-phone');
        return json(null, 204);
      },
    });
    renderApp('/settings/sign-in-sessions');
    fireEvent.click(await screen.findByRole('button', { name: 'Revoke session on Safari on iOS' }));
    const dialog = screen.getByRole('dialog', { name: 'Revoke session?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Revoke session' }));

    await waitFor(() => expect(screen.queryByText('Safari on iOS')).toBeNull());
    expect(screen.getByText('Firefox on Windows')).toBeTruthy();
    const deletes = fetchMock.mock.calls.filter(([, init]) => (init as RequestInit).method === 'DELETE');
    expect(deletes).toHaveLength(1);
    expect(String(deletes[0]![0])).toContain('/me/sessions/s-phone');
  });

  it('signs out all other sessions; the button is disabled when there are none', async () => {
    let listed = sessions;
    const fetchMock = mockApi({
      'GET /me': json(session('tech')),
      'GET /me/sessions': () => json({ items: listed }),
      'POST /me/sessions/revoke-others': () => {
        listed = sessions.filter((s) => s.current);
        return json(null, 204);
      },
    });
    renderApp('/settings/sign-in-sessions');
    await screen.findByText('Safari on iOS');
    fireEvent.click(screen.getByRole('button', { name: 'Sign out all other sessions' }));
    const dialog = screen.getByRole('dialog', { name: 'Sign out all other sessions?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Sign out others' }));

    await waitFor(() => expect(screen.queryByText('Safari on iOS')).toBeNull());
    expect(
      fetchMock.mock.calls.some(
        ([url, init]) =>
          (init as RequestInit).method === 'POST' && String(url).endsWith('/me/sessions/revoke-others'),
      ),
    ).toBe(true);
    expect(
      (screen.getByRole('button', { name: 'Sign out all other sessions' }) as HTMLButtonElement).disabled,
    ).toBe(true);
  });

  it('shows the server message when a revocation is refused', async () => {
    mockApi({
      'GET /me': json(session('tech')),
      'GET /me/sessions': json({ items: sessions }),
      'DELETE /me/sessions/s-phone': json({ code: 'NOT_FOUND', message: 'Sign-in session not found' }, 404),
    });
    renderApp('/settings/sign-in-sessions');
    fireEvent.click(await screen.findByRole('button', { name: 'Revoke session on Safari on iOS' }));
    const dialog = screen.getByRole('dialog', { name: 'Revoke session?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Revoke session' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('Sign-in session not found');
  });
});

describe('deviceLabel', () => {
  it('names common browsers and systems, and shortens anything else', () => {
    expect(
      deviceLabel(
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      ),
    ).toBe('Chrome on macOS');
    expect(
      deviceLabel(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
      ),
    ).toBe('Edge on Windows');
    expect(deviceLabel(null)).toBe('Unknown device');
    expect(deviceLabel('curl/8.5.0')).toBe('curl/8.5.0');
    expect(deviceLabel('x'.repeat(100))).toHaveLength(40);
  });
});
