import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { json, mockApi, renderApp, requestBody, resetBetweenTests } from '../../test/helpers';
import { SsoSignIn } from './SsoSignIn';

resetBetweenTests();

function renderSso(goTo: (url: string) => void) {
  const router = createMemoryRouter([{ path: '/login', element: <SsoSignIn goTo={goTo} /> }], {
    initialEntries: ['/login'],
  });
  render(<RouterProvider router={router} />);
}

describe('Sign in with SSO', () => {
  it('asks for the work email and sends the browser to the provider the server names', async () => {
    const fetchMock = mockApi({
      'POST /auth/sso/start': json({ redirect_url: 'https://idp.example/authorize?x=1' }),
    });
    const goTo = vi.fn();
    renderSso(goTo);
    fireEvent.click(screen.getByRole('button', { name: 'Sign in with SSO' }));
    fireEvent.change(screen.getByLabelText('Work email'), { target: { value: ' kim@contoso.com ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Continue with SSO' }));
    await waitFor(() => expect(goTo).toHaveBeenCalledWith('https://idp.example/authorize?x=1'));
    expect(requestBody(fetchMock, 0)).toEqual({ email: 'kim@contoso.com' });
  });

  it('shows the server’s answer for a domain without SSO', async () => {
    mockApi({
      'POST /auth/sso/start': json(
        { code: 'SSO_DOMAIN_UNKNOWN', message: 'Single sign-on is not set up for this email domain' },
        404,
      ),
    });
    const goTo = vi.fn();
    renderSso(goTo);
    fireEvent.click(screen.getByRole('button', { name: 'Sign in with SSO' }));
    fireEvent.change(screen.getByLabelText('Work email'), { target: { value: 'kim@nowhere.example' } });
    fireEvent.click(screen.getByRole('button', { name: 'Continue with SSO' }));
    expect(await screen.findByText('Single sign-on is not set up for this email domain')).toBeTruthy();
    expect(goTo).not.toHaveBeenCalled();
  });

  it('explains on the login page why the provider’s sign-in was refused', async () => {
    mockApi({ 'GET /me': json({ code: 'UNAUTHORIZED', message: 'Authentication required' }, 401) });
    renderApp('/login?sso_error=email_unverified');
    expect(
      await screen.findByText(
        'Your identity provider has not verified your email address. Verify it there, then try again.',
      ),
    ).toBeTruthy();
  });
});
