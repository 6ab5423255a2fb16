import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockApi, renderApp, requestBody, resetBetweenTests, session } from '../../../test/helpers';
import type { SsoSettings } from './api';
import { parseDomains } from './SsoSettingsForm';

resetBetweenTests();

const empty: SsoSettings = {
  configured: false,
  issuer_url: '',
  client_id: '',
  has_secret: false,
  allowed_domains: [],
  default_role: 'tech',
  sso_only: false,
  enabled: false,
  redirect_uri: 'https://rf.example.com/api/v1/auth/sso/callback',
};

function callIndex(fetchMock: ReturnType<typeof mockApi>, method: string, path: string) {
  return fetchMock.mock.calls.findIndex(
    ([url, init]) => (init as RequestInit).method === method && String(url).endsWith(`/api/v1${path}`),
  );
}

describe('single sign-on settings', () => {
  it('explains to a non-admin that admins manage it, without asking the server', async () => {
    const fetchMock = mockApi({ 'GET /me': json(session('tech')) });
    renderApp('/settings/single-sign-on');
    expect(await screen.findByText('Single sign-on is managed by admins')).toBeTruthy();
    expect(callIndex(fetchMock, 'GET', '/account/sso')).toBe(-1);
    expect(screen.queryByRole('link', { name: 'Single sign-on' })).toBeNull();
  });

  it('checks the fields, saves the settings once with the secret, then tests discovery', async () => {
    let current = empty;
    const fetchMock = mockApi({
      'GET /me': json(session('admin')),
      'GET /account/sso': () => json(current),
      'PUT /account/sso': (init) => {
        // Like the server: the secret is kept, never echoed.
        const { client_secret, ...rest } = JSON.parse(String(init.body));
        current = { ...current, ...rest, configured: true, has_secret: Boolean(client_secret) };
        return json(current);
      },
      'POST /account/sso/test-discovery': json({
        ok: false,
        message: 'connection refused',
        issuer: null,
        authorization_endpoint: null,
      }),
    });
    renderApp('/settings/single-sign-on');
    const form = await screen.findByRole('form', { name: 'Single sign-on settings' });
    expect(within(form).getByDisplayValue(empty.redirect_uri)).toBeTruthy();
    expect((within(form).getByRole('button', { name: 'Test discovery' }) as HTMLButtonElement).disabled).toBe(
      true,
    );

    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    expect(within(form).getByText('Enter the issuer URL of your identity provider.')).toBeTruthy();
    expect(within(form).getByText('Enter at least one email domain, e.g. example.com.')).toBeTruthy();
    expect(callIndex(fetchMock, 'PUT', '/account/sso')).toBe(-1);

    fireEvent.change(within(form).getByLabelText('Issuer URL'), {
      target: { value: ' https://login.example.com/tenant/v2.0 ' },
    });
    fireEvent.change(within(form).getByLabelText('Client id'), { target: { value: 'app-123' } });
    fireEvent.change(within(form).getByLabelText('Client secret'), { target: { value: 's3cret' } });
    fireEvent.change(within(form).getByLabelText('Allowed email domains'), {
      target: { value: 'Contoso.com\n@contoso.co.uk, contoso.com' },
    });
    fireEvent.change(within(form).getByLabelText('Role of members created at first sign-in'), {
      target: { value: 'engineer' },
    });
    fireEvent.click(within(form).getByLabelText('SSO only'));
    fireEvent.click(within(form).getByLabelText('Enabled'));
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(callIndex(fetchMock, 'PUT', '/account/sso')).toBeGreaterThan(-1));
    expect(requestBody(fetchMock, callIndex(fetchMock, 'PUT', '/account/sso'))).toEqual({
      issuer_url: 'https://login.example.com/tenant/v2.0',
      client_id: 'app-123',
      client_secret: 's3cret',
      allowed_domains: ['contoso.com', 'contoso.co.uk'],
      default_role: 'engineer',
      sso_only: true,
      enabled: true,
    });
    expect(await screen.findByText('Single sign-on settings saved.')).toBeTruthy();
    // The secret field is emptied: the saved one is kept unless a new one is typed.
    await waitFor(() =>
      expect((within(form).getByLabelText('Client secret') as HTMLInputElement).value).toBe(''),
    );

    const test = within(form).getByRole('button', { name: 'Test discovery' }) as HTMLButtonElement;
    await waitFor(() => expect(test.disabled).toBe(false));
    fireEvent.click(test);
    expect(await within(form).findByText(/Discovery failed\.\s*connection refused/)).toBeTruthy();
  });

  it('shows the server’s refusal of a domain held by another account', async () => {
    mockApi({
      'GET /me': json(session('owner')),
      'GET /account/sso': json({
        ...empty,
        configured: true,
        issuer_url: 'https://idp.example',
        client_id: 'x',
      }),
      'PUT /account/sso': json(
        {
          code: 'SSO_DOMAIN_TAKEN',
          message: 'Already used for single sign-on by another account: contoso.com.',
        },
        409,
      ),
    });
    renderApp('/settings/single-sign-on');
    const form = await screen.findByRole('form', { name: 'Single sign-on settings' });
    fireEvent.change(within(form).getByLabelText('Allowed email domains'), {
      target: { value: 'contoso.com' },
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    expect(
      await within(form).findByText('Already used for single sign-on by another account: contoso.com.'),
    ).toBeTruthy();
  });

  it('reads domains one per line or separated by commas, lower-cased and without duplicates', () => {
    expect(parseDomains(' A.com,b.org\n\n@c.net a.com ')).toEqual(['a.com', 'b.org', 'c.net']);
  });
});
