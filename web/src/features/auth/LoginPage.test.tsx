import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { getCsrfToken } from '../../api/client';
import { json, mockApi, renderApp, requestBody, resetBetweenTests, session } from '../../test/helpers';

resetBetweenTests();

const unauthenticated = () => json({ code: 'UNAUTHENTICATED', message: 'Not signed in' }, 401);

function fillAndSubmit(email: string, password: string) {
  fireEvent.change(screen.getByLabelText('Email'), { target: { value: email } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('login page', () => {
  it('is shown in place of protected pages when there is no session', async () => {
    mockApi({ 'GET /me': unauthenticated() });
    renderApp('/settings/tokens');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
  });

  it('submits the credentials and shows the server error message', async () => {
    const fetchMock = mockApi({
      'GET /me': unauthenticated(),
      'POST /auth/login': json(
        { code: 'INVALID_CREDENTIALS', message: 'Email or password is incorrect.' },
        401,
      ),
    });
    renderApp('/');
    await screen.findByRole('heading', { name: 'Sign in' });

    fillAndSubmit('sam@example.com', 'wrong-password');

    expect((await screen.findByRole('alert')).textContent).toContain('Email or password is incorrect.');
    expect(requestBody(fetchMock, 1)).toEqual({ email: 'sam@example.com', password: 'wrong-password' });
  });

  it('explains rate limiting using Retry-After', async () => {
    mockApi({
      'GET /me': unauthenticated(),
      'POST /auth/login': json({ code: 'RATE_LIMITED', message: 'Too many sign-in attempts.' }, 429, {
        'Retry-After': '42',
      }),
    });
    renderApp('/');
    await screen.findByRole('heading', { name: 'Sign in' });
    fillAndSubmit('sam@example.com', 'whatever-it-is');
    expect((await screen.findByRole('alert')).textContent).toContain('try again in 42 seconds');
  });

  it('opens the requested page after a successful sign in and keeps the CSRF token', async () => {
    mockApi({
      'GET /me': unauthenticated(),
      'POST /auth/login': json(session('tech')),
      'GET /tokens': json({ items: [] }),
    });
    renderApp('/settings/tokens');
    await screen.findByRole('heading', { name: 'Sign in' });
    fillAndSubmit('alex@example.com', 'correct-horse-battery');

    expect(await screen.findByRole('heading', { name: 'Personal API tokens' })).toBeTruthy();
    expect(getCsrfToken()).toBe('csrf-123');
  });
});
