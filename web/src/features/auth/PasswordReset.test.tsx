import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { getCsrfToken } from '../../api/client';
import { json, mockApi, renderApp, requestBody, resetBetweenTests, session } from '../../test/helpers';

resetBetweenTests();

const noSession = () => json({ code: 'UNAUTHENTICATED', message: 'Not signed in' }, 401);
const accepted = () =>
  json({ message: 'If an active account uses this email, a link to reset its password is on its way.' }, 202);
const preview = {
  email: 'sam@example.com',
  account: { id: 'a1', name: 'Contoso IT' },
  expires_at: '2031-01-01T10:00:00Z',
};

function fill(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

const posts = (fetchMock: ReturnType<typeof mockApi>) =>
  fetchMock.mock.calls.filter(([, init]) => (init as RequestInit | undefined)?.method === 'POST');

describe('forgot password', () => {
  it('is linked from the sign-in page', async () => {
    mockApi({ 'GET /me': noSession() });
    const { router } = renderApp('/login');
    fireEvent.click(await screen.findByRole('link', { name: 'Forgot password?' }));
    expect(await screen.findByRole('heading', { name: 'Reset your password' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/forgot-password');
  });

  it('checks the email before sending, then says the same thing whatever the address', async () => {
    const fetchMock = mockApi({ 'GET /me': noSession(), 'POST /auth/password-reset': accepted() });
    renderApp('/forgot-password');
    await screen.findByRole('heading', { name: 'Reset your password' });

    fill('Email', 'not-an-email');
    fireEvent.click(screen.getByRole('button', { name: 'Send reset link' }));
    expect(screen.getByText('Enter the email address you sign in with.')).toBeTruthy();
    expect(posts(fetchMock)).toHaveLength(0);

    fill('Email', '  nobody@example.com ');
    fireEvent.click(screen.getByRole('button', { name: 'Send reset link' }));
    expect(await screen.findByRole('heading', { name: 'Check your email' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('If an active account uses nobody@example.com');
    expect(requestBody(fetchMock, fetchMock.mock.calls.length - 1)).toEqual({ email: 'nobody@example.com' });
    expect(screen.getByRole('link', { name: 'Back to sign in' }).getAttribute('href')).toBe('/login');
  });

  it('explains the rate limit with the time to wait', async () => {
    mockApi({
      'GET /me': noSession(),
      'POST /auth/password-reset': json(
        { code: 'RATE_LIMITED', message: 'Too many password reset requests. Try again later.' },
        429,
        { 'Retry-After': '3600' },
      ),
    });
    renderApp('/forgot-password');
    await screen.findByRole('heading', { name: 'Reset your password' });
    fill('Email', 'sam@example.com');
    fireEvent.click(screen.getByRole('button', { name: 'Send reset link' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Too many password reset requests.');
    expect(alert.textContent).toContain('You can ask again in 60 minutes.');
  });
});

describe('set a new password from the emailed link', () => {
  it('explains an expired link and offers a new one', async () => {
    mockApi({
      'GET /me': noSession(),
      'GET /auth/password-reset/rfr_old': json(
        { code: 'RESET_LINK_EXPIRED', message: 'This password reset link has expired. Ask for a new one.' },
        410,
      ),
    });
    renderApp('/reset-password/rfr_old');
    expect(await screen.findByRole('heading', { name: 'This link has expired' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('This password reset link has expired.');
    expect(screen.getByRole('link', { name: 'Send a new link' }).getAttribute('href')).toBe(
      '/forgot-password',
    );
    expect(screen.getByRole('link', { name: 'Go to sign in' })).toBeTruthy();
  });

  it('tells a deactivated user to ask an admin instead of offering a new link', async () => {
    mockApi({
      'GET /me': noSession(),
      'GET /auth/password-reset/rfr_x': json(
        { code: 'USER_DEACTIVATED', message: 'This user has been deactivated.' },
        410,
      ),
    });
    renderApp('/reset-password/rfr_x');
    expect(await screen.findByRole('heading', { name: 'This account is deactivated' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Send a new link' })).toBeNull();
  });

  it('shows whose password it is and applies the same rules as invites before submitting', async () => {
    const fetchMock = mockApi({ 'GET /me': noSession(), 'GET /auth/password-reset/rfr_ok': json(preview) });
    renderApp('/reset-password/rfr_ok');
    expect(await screen.findByRole('heading', { name: 'Set a new password' })).toBeTruthy();
    expect(await screen.findByText('sam@example.com')).toBeTruthy();
    expect(screen.getByText('Contoso IT')).toBeTruthy();

    fill('New password', 'short');
    fill('Confirm new password', 'different');
    fireEvent.click(screen.getByRole('button', { name: 'Set new password and sign in' }));
    expect(screen.getByText('Use at least 10 characters.')).toBeTruthy();
    expect(screen.getByText('Passwords do not match.')).toBeTruthy();
    expect(screen.getByLabelText('New password').getAttribute('aria-invalid')).toBe('true');
    expect(posts(fetchMock)).toHaveLength(0);
  });

  it('sets the password and lands in the app signed in', async () => {
    const fetchMock = mockApi({
      'GET /me': noSession(),
      'GET /auth/password-reset/rfr_ok': json(preview),
      'POST /auth/password-reset/confirm': json({
        ...session('tech', { email: 'sam@example.com' }),
        csrf_token: 'csrf-new',
      }),
    });
    const { router } = renderApp('/reset-password/rfr_ok');
    await screen.findByText('sam@example.com');
    fill('New password', 'a-long-new-password');
    fill('Confirm new password', 'a-long-new-password');
    fireEvent.click(screen.getByRole('button', { name: 'Set new password and sign in' }));

    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/');
    expect(getCsrfToken()).toBe('csrf-new');
    const call = fetchMock.mock.calls.findIndex(([url]) =>
      String(url).endsWith('/auth/password-reset/confirm'),
    );
    expect(requestBody(fetchMock, call)).toEqual({ token: 'rfr_ok', password: 'a-long-new-password' });
  });

  it('shows why the server refused, e.g. the link was used in another tab meanwhile', async () => {
    mockApi({
      'GET /me': noSession(),
      'GET /auth/password-reset/rfr_ok': json(preview),
      'POST /auth/password-reset/confirm': json(
        { code: 'RESET_LINK_USED', message: 'This password reset link has already been used.' },
        410,
      ),
    });
    renderApp('/reset-password/rfr_ok');
    await screen.findByText('sam@example.com');
    fill('New password', 'a-long-new-password');
    fill('Confirm new password', 'a-long-new-password');
    fireEvent.click(screen.getByRole('button', { name: 'Set new password and sign in' }));
    expect((await screen.findByRole('alert')).textContent).toContain('already been used');
  });
});
