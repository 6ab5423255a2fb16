import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockApi, renderApp, requestBody, resetBetweenTests, session } from '../../test/helpers';

resetBetweenTests();

const preview = { email: 'new@example.com', role: 'tech', account: { id: 'a1', name: 'Contoso IT' } };
const noSession = () => json({ code: 'UNAUTHENTICATED', message: 'Not signed in' }, 401);

function fill(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

describe('invite acceptance', () => {
  it('explains an expired invite with the server message', async () => {
    mockApi({
      'GET /me': noSession(),
      'GET /invites/accept/tok-old': json(
        { code: 'INVITE_EXPIRED', message: 'This invite expired on 1 May.' },
        410,
      ),
    });
    renderApp('/invite/tok-old');
    expect(await screen.findByRole('heading', { name: 'This invite has expired' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('This invite expired on 1 May.');
    expect(screen.getByRole('link', { name: 'Go to sign in' })).toBeTruthy();
  });

  it.each([
    ['INVITE_REVOKED', 410, 'This invite was revoked'],
    ['INVITE_USED', 410, 'This invite has already been used'],
    ['NOT_FOUND', 404, 'Invite not found'],
  ])('names a dead invite by its code (%s)', async (code, status, heading) => {
    mockApi({
      'GET /me': noSession(),
      'GET /invites/accept/tok-dead': json({ code, message: 'Refused.' }, status),
    });
    renderApp('/invite/tok-dead');
    expect(await screen.findByRole('heading', { name: heading })).toBeTruthy();
  });

  it('shows who is invited and validates the password before submitting', async () => {
    const fetchMock = mockApi({ 'GET /me': noSession(), 'GET /invites/accept/tok1': json(preview) });
    renderApp('/invite/tok1');
    expect(await screen.findByRole('heading', { name: 'Join Contoso IT' })).toBeTruthy();
    expect(screen.getByText('new@example.com')).toBeTruthy();
    expect(screen.getByText('Tech')).toBeTruthy();

    fill('Your name', 'Nia New');
    fill('Password', 'short');
    fill('Confirm password', 'different');
    fireEvent.click(screen.getByRole('button', { name: 'Create account and sign in' }));

    expect(screen.getByText('Use at least 10 characters.')).toBeTruthy();
    expect(screen.getByText('Passwords do not match.')).toBeTruthy();
    expect(screen.getByLabelText('Password').getAttribute('aria-invalid')).toBe('true');
    expect(
      fetchMock.mock.calls.some(([, init]) => (init as RequestInit | undefined)?.method === 'POST'),
    ).toBe(false);
  });

  it('accepts the invite and lands in the app signed in', async () => {
    const fetchMock = mockApi({
      'GET /me': noSession(),
      'GET /invites/accept/tok1': json(preview),
      'POST /invites/accept': json(session('tech', { name: 'Nia New', email: 'new@example.com' }), 201),
    });
    const { router } = renderApp('/invite/tok1');
    await screen.findByRole('heading', { name: 'Join Contoso IT' });

    fill('Your name', 'Nia New');
    fill('Password', 'long-enough-pw');
    fill('Confirm password', 'long-enough-pw');
    fireEvent.click(screen.getByRole('button', { name: 'Create account and sign in' }));

    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/');
    const acceptCall = fetchMock.mock.calls.findIndex(([url]) => String(url).endsWith('/invites/accept'));
    expect(requestBody(fetchMock, acceptCall)).toEqual({
      token: 'tok1',
      name: 'Nia New',
      password: 'long-enough-pw',
    });
  });
});
