import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { getCsrfToken } from '../../api/client';
import { json, mockApi, renderApp, requestBody, resetBetweenTests, session } from '../../test/helpers';

resetBetweenTests();

const unauthenticated = () => json({ code: 'UNAUTHORIZED', message: 'Not signed in' }, 401);
const challenge = {
  mfa_required: true,
  mfa_token: 'rfm_token',
  expires_at: '2026-01-01T00:05:00Z',
  methods: ['totp', 'recovery_code'],
};
const mfaOff = { enabled: false, methods: [], recovery_codes_left: 0, account_requires_mfa: true };
const codes = Array.from({ length: 10 }, (_, i) => `abcd-efgh-jkmn-pq${String(i).padStart(2, '0')}`);

function signIn() {
  fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'sam@example.com' } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'correct-horse-battery' } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

/** Every call the fetch mock saw, as "METHOD /path". */
const calls = (fetchMock: ReturnType<typeof mockApi>) =>
  fetchMock.mock.calls.map(
    (call) => `${(call[1] as RequestInit).method ?? 'GET'} ${String(call[0]).replace(/^.*\/api\/v1/, '')}`,
  );

describe('two-factor sign-in', () => {
  it('asks for the app code after a right password, then signs in', async () => {
    let attempts = 0;
    const fetchMock = mockApi({
      'GET /me': unauthenticated(),
      'POST /auth/login': json(challenge),
      'POST /auth/mfa': () => {
        attempts++;
        return attempts === 1
          ? json({ code: 'MFA_CODE_INVALID', message: 'The code is wrong or has expired' }, 401)
          : json(session('tech'));
      },
      'GET /tokens': json({ items: [] }),
    });
    renderApp('/settings/tokens');
    await screen.findByRole('heading', { name: 'Sign in' });
    signIn();

    expect(await screen.findByRole('heading', { name: 'Two-factor sign-in' })).toBeTruthy();
    // The password is not kept on the page once the second step shows.
    expect(screen.queryByLabelText('Password')).toBeNull();

    fireEvent.change(screen.getByLabelText('Authentication code'), { target: { value: '12a3456' } });
    expect((screen.getByLabelText('Authentication code') as HTMLInputElement).value).toBe('123456');
    fireEvent.click(screen.getByRole('button', { name: 'Verify' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The code is wrong or has expired');
    expect(requestBody(fetchMock, 2)).toEqual({ mfa_token: 'rfm_token', code: '123456' });

    fireEvent.change(screen.getByLabelText('Authentication code'), { target: { value: '654321' } });
    fireEvent.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByRole('heading', { name: 'Personal API tokens' })).toBeTruthy();
    expect(getCsrfToken()).toBe('csrf-123');
    expect(calls(fetchMock).slice(0, 4)).toEqual([
      'GET /me',
      'POST /auth/login',
      'POST /auth/mfa',
      'POST /auth/mfa',
    ]);
  });

  it('takes a recovery code instead, and sends the user back to sign in when the token is spent', async () => {
    const fetchMock = mockApi({
      'GET /me': unauthenticated(),
      'POST /auth/login': json(challenge),
      'POST /auth/mfa': json(
        { code: 'MFA_TOKEN_INVALID', message: 'This sign-in has expired. Sign in again.' },
        401,
      ),
    });
    renderApp('/');
    await screen.findByRole('heading', { name: 'Sign in' });
    signIn();
    fireEvent.click(await screen.findByRole('button', { name: 'Use a recovery code' }));
    fireEvent.change(screen.getByLabelText('Recovery code'), { target: { value: 'abcd-efgh-jkmn-pqrs' } });
    fireEvent.click(screen.getByRole('button', { name: 'Verify' }));
    expect((await screen.findByRole('alert')).textContent).toContain('This sign-in has expired');
    expect(requestBody(fetchMock, 2)).toEqual({
      mfa_token: 'rfm_token',
      recovery_code: 'abcd-efgh-jkmn-pqrs',
    });

    fireEvent.click(screen.getByRole('button', { name: 'Sign in again' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
  });
});

describe('two-factor enrolment', () => {
  it('walks a member through it when the account requires it, then opens the app', async () => {
    const fetchMock = mockApi({
      'GET /me': json({ ...session('tech'), mfa_enrolment_required: true, mfa: mfaOff }),
      'POST /me/mfa/totp': json({
        secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
        otpauth_url: 'otpauth://totp/ResolutionFlow:alex?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
        qr_data_url: 'data:image/png;base64,iVBORw0KGgo=',
      }),
      'POST /me/mfa/totp/confirm': json({ recovery_codes: codes }),
      'GET /tokens': json({ items: [] }),
    });
    renderApp('/settings/tokens');

    expect(await screen.findByRole('heading', { name: 'Set up two-factor sign-in' })).toBeTruthy();
    const qr = (await screen.findByRole('img', { name: /QR code/ })) as HTMLImageElement;
    expect(qr.src).toBe('data:image/png;base64,iVBORw0KGgo=');
    expect((screen.getByLabelText('Secret key') as HTMLInputElement).value).toBe(
      'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
    );
    // The protected page is not shown (and not asked for) until enrolment is done.
    expect(screen.queryByRole('heading', { name: 'Personal API tokens' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Turn on two-factor sign-in' }));
    expect((await screen.findByText('Enter the six-digit code your app shows.')).textContent).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Code from the app'), { target: { value: '123456' } });
    fireEvent.click(screen.getByRole('button', { name: 'Turn on two-factor sign-in' }));

    const list = await screen.findByRole('list', { name: 'Recovery codes' });
    expect(list.querySelectorAll('li')).toHaveLength(10);
    expect(list.textContent).toContain(codes[9]);
    const confirmCall = fetchMock.mock.calls.findIndex((c) => String(c[0]).endsWith('/me/mfa/totp/confirm'));
    expect(requestBody(fetchMock, confirmCall)).toEqual({ code: '123456' });

    fireEvent.click(screen.getByRole('button', { name: 'Continue to ResolutionFlow' }));
    expect(await screen.findByRole('heading', { name: 'Personal API tokens' })).toBeTruthy();
  });

  it('switches to the walk-through when the server starts requiring it mid-session', async () => {
    mockApi({
      'GET /me': json({ ...session('tech'), mfa_enrolment_required: false, mfa: mfaOff }),
      'GET /tokens': json(
        { code: 'MFA_ENROLMENT_REQUIRED', message: 'Set up two-factor sign-in first' },
        403,
      ),
      'POST /me/mfa/totp': json({
        secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
        otpauth_url: 'otpauth://totp/x',
        qr_data_url: 'data:image/png;base64,iVBORw0KGgo=',
      }),
    });
    renderApp('/settings/tokens');
    expect(await screen.findByRole('heading', { name: 'Set up two-factor sign-in' })).toBeTruthy();
    expect(await screen.findByRole('img', { name: /QR code/ })).toBeTruthy();
  });

  it('is offered in the user’s own settings, and shows the recovery codes once', async () => {
    let enabled = false;
    mockApi({
      'GET /me': () =>
        json({
          ...session('tech'),
          mfa_enrolment_required: false,
          mfa: enabled
            ? { enabled: true, methods: ['totp'], recovery_codes_left: 10, account_requires_mfa: false }
            : { ...mfaOff, account_requires_mfa: false },
        }),
      'POST /me/mfa/totp': json({
        secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
        otpauth_url: 'otpauth://totp/x',
        qr_data_url: 'data:image/png;base64,iVBORw0KGgo=',
      }),
      'POST /me/mfa/totp/confirm': () => {
        enabled = true;
        return json({ recovery_codes: codes });
      },
    });
    renderApp('/settings/two-factor');
    expect(await screen.findByText(/Two-factor sign-in is/)).toBeTruthy();
    // A tech sees no account-wide rule.
    expect(screen.queryByRole('heading', { name: 'Account security' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Set up authenticator app' }));
    fireEvent.change(await screen.findByLabelText('Code from the app'), { target: { value: '123456' } });
    fireEvent.click(screen.getByRole('button', { name: 'Turn on two-factor sign-in' }));
    expect(await screen.findByRole('list', { name: 'Recovery codes' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('list', { name: 'Recovery codes' })).toBeNull());
    expect((await screen.findByText(/unused recovery code/)).textContent).toContain('10');
  });
});
