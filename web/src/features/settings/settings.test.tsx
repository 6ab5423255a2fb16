import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Schemas } from '../../api/client';
import { json, mockApi, renderApp, requestBody, resetBetweenTests, session } from '../../test/helpers';

type Member = Schemas['Member'];

resetBetweenTests();

const members: Member[] = [
  {
    id: 'u1',
    email: 'alex@example.com',
    name: 'Alex Admin',
    role: 'admin',
    is_active: true,
    created_at: '2025-01-01T00:00:00Z',
    last_login_at: null,
  },
  {
    id: 'u2',
    email: 'olga@example.com',
    name: 'Olga Owner',
    role: 'owner',
    is_active: true,
    created_at: '2025-01-01T00:00:00Z',
    last_login_at: '2025-03-01T09:00:00Z',
  },
];

describe('settings', () => {
  it('shows members read-only to roles below admin', async () => {
    mockApi({ 'GET /me': json(session('engineer')), 'GET /members': json({ items: members }) });
    renderApp('/settings');
    expect(await screen.findByText('Olga Owner')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Edit/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Invite member' })).toBeNull();
  });

  it('shows the server message when a member change is refused', async () => {
    const fetchMock = mockApi({
      'GET /me': json(session('admin')),
      'GET /members': json({ items: members }),
      'GET /invites': json({ items: [] }),
      'PATCH /members/u2': json({ code: 'FORBIDDEN', message: 'Admins cannot change an owner.' }, 403),
    });
    renderApp('/settings/members');
    fireEvent.click(await screen.findByRole('button', { name: 'Edit Olga Owner' }));

    const dialog = screen.getByRole('dialog', { name: 'Edit Olga Owner' });
    fireEvent.change(within(dialog).getByLabelText('Role'), { target: { value: 'tech' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));

    expect((await within(dialog).findByRole('alert')).textContent).toContain(
      'Admins cannot change an owner.',
    );
    const patchCall = fetchMock.mock.calls.findIndex(([, init]) => (init as RequestInit).method === 'PATCH');
    expect(requestBody(fetchMock, patchCall)).toEqual({ role: 'tech' });
  });

  it('creates an invite and offers the accept link to copy', async () => {
    mockApi({
      'GET /me': json(session('owner')),
      'GET /members': json({ items: members }),
      'GET /invites': json({ items: [] }),
      'POST /invites': json(
        {
          id: 'i1',
          email: 'sam@example.com',
          role: 'tech',
          expires_at: '2030-01-01T00:00:00Z',
          accept_url: 'https://rf.test/invite/abc',
        },
        201,
      ),
    });
    renderApp('/settings/members');
    fireEvent.click(await screen.findByRole('button', { name: 'Invite member' }));
    const dialog = screen.getByRole('dialog', { name: 'Invite member' });
    fireEvent.change(within(dialog).getByLabelText('Email'), { target: { value: 'sam@example.com' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create invite' }));

    const link = (await within(dialog).findByLabelText('Invite link')) as HTMLInputElement;
    expect(link.value).toBe('https://rf.test/invite/abc');
    expect(within(dialog).getByRole('button', { name: 'Copy Invite link' })).toBeTruthy();
  });

  it('shows a new API token once, with a warning', async () => {
    mockApi({
      'GET /me': json(session('tech')),
      'GET /tokens': json({ items: [] }),
      'POST /tokens': json({ id: 't1', name: 'PSA sync', token: 'rf_secret_value' }, 201),
    });
    renderApp('/settings/tokens');
    fireEvent.click(await screen.findByRole('button', { name: 'Create token' }));
    const dialog = screen.getByRole('dialog', { name: 'Create API token' });
    fireEvent.change(within(dialog).getByLabelText('Token name'), { target: { value: 'PSA sync' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create token' }));

    const token = (await within(dialog).findByLabelText('API token')) as HTMLInputElement;
    expect(token.value).toBe('rf_secret_value');
    expect(within(dialog).getByText('Copy this token now')).toBeTruthy();

    fireEvent.click(within(dialog).getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.queryByDisplayValue('rf_secret_value')).toBeNull();
  });
});
