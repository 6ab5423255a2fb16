import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockApi, renderApp, requestBody, resetBetweenTests, session } from '../../../test/helpers';
import type { MemberLink, PsaConnection } from './api';

resetBetweenTests();

const saved: PsaConnection = {
  provider: 'connectwise',
  enabled: true,
  site_url: 'https://api-na.myconnectwise.net',
  company_id: 'northwind',
  public_key: '…cdEF',
  has_private_key: true,
  client_id: 'c0ffee00-1111',
  escalated_status: 'Escalated',
  resolved_status: null,
  resolution_note_visibility: 'internal',
  post_time_entry: false,
  last_test: {
    at: '2025-05-01T10:00:00Z',
    ok: false,
    error: 'ConnectWise refused the credentials (HTTP 401)',
  },
  created_at: '2025-05-01T09:00:00Z',
  updated_at: '2025-05-01T09:00:00Z',
};

const links: MemberLink[] = [
  { user_id: 'u1', name: 'Alex Admin', email: 'alex@example.com', role: 'admin', psa_member: null },
  {
    user_id: 'u2',
    name: 'Toni Tech',
    email: 'toni@example.com',
    role: 'tech',
    psa_member: { id: 12, identifier: 'ttech', name: 'Toni Tech' },
  },
];
const remote = [
  { id: 11, identifier: 'jsenior', name: 'Jo Senior' },
  { id: 12, identifier: 'ttech', name: 'Toni Tech' },
];

function callIndex(fetchMock: ReturnType<typeof mockApi>, method: string, path: string) {
  return fetchMock.mock.calls.findIndex(
    ([url, init]) => (init as RequestInit).method === method && String(url).endsWith(`/api/v1${path}`),
  );
}

describe('PSA settings', () => {
  it('explains to a non-admin that admins manage it, without asking the server', async () => {
    const fetchMock = mockApi({ 'GET /me': json(session('engineer')) });
    renderApp('/settings/psa');
    expect(await screen.findByText('The PSA connection is managed by admins')).toBeTruthy();
    expect(callIndex(fetchMock, 'GET', '/psa/connection')).toBe(-1);
    expect(screen.queryByRole('link', { name: 'PSA' })).toBeNull();
  });

  it('connects ConnectWise: checks required fields first, then sends the keys once', async () => {
    let connection: PsaConnection | null = null;
    const fetchMock = mockApi({
      'GET /me': json(session('owner')),
      'GET /psa/connection': () => json({ connection }),
      'PUT /psa/connection': (init) => {
        // Like the server: the keys are kept, never echoed.
        const { public_key: _public, private_key: _private, ...rest } = JSON.parse(String(init.body));
        connection = { ...saved, ...rest, last_test: null };
        return json({ connection });
      },
      'GET /knowledge/imports': json({ items: [] }),
      'GET /psa/members': json({ items: links }),
      'GET /psa/remote-members': json({ items: remote }),
    });
    renderApp('/settings/psa');
    const form = await screen.findByRole('form', { name: 'ConnectWise connection' });
    expect(screen.getByRole('link', { name: 'PSA' }).getAttribute('aria-current')).toBe('page');

    fireEvent.click(within(form).getByRole('button', { name: 'Connect ConnectWise' }));
    expect(within(form).getByText('Enter the public key of the API member.')).toBeTruthy();
    expect(within(form).getByText('Enter the private key of the API member.')).toBeTruthy();
    expect(callIndex(fetchMock, 'PUT', '/psa/connection')).toBe(-1);

    fireEvent.change(within(form).getByLabelText('Site'), { target: { value: 'api-na.myconnectwise.net' } });
    fireEvent.change(within(form).getByLabelText('Company id'), { target: { value: 'northwind' } });
    fireEvent.change(within(form).getByLabelText('Public key'), { target: { value: 'PubKey1234abcdEF' } });
    fireEvent.change(within(form).getByLabelText('Private key'), { target: { value: 'PrivKeyZyXw98765' } });
    fireEvent.change(within(form).getByLabelText('Client id'), { target: { value: 'c0ffee00-1111' } });
    fireEvent.change(within(form).getByLabelText('Status on escalation'), { target: { value: 'Escalated' } });
    fireEvent.change(within(form).getByLabelText('Resolution note'), { target: { value: 'customer' } });
    fireEvent.click(within(form).getByLabelText('Add a time entry on resolution'));
    fireEvent.click(within(form).getByRole('button', { name: 'Connect ConnectWise' }));

    await screen.findByText(/Not tested with these credentials yet/);
    expect(requestBody(fetchMock, callIndex(fetchMock, 'PUT', '/psa/connection'))).toEqual({
      site_url: 'api-na.myconnectwise.net',
      company_id: 'northwind',
      public_key: 'PubKey1234abcdEF',
      private_key: 'PrivKeyZyXw98765',
      client_id: 'c0ffee00-1111',
      enabled: true,
      escalated_status: 'Escalated',
      resolved_status: null,
      resolution_note_visibility: 'customer',
      post_time_entry: true,
    });
    // After saving, the keys are write-only: empty fields, the masked public key as a hint.
    const after = await screen.findByRole('form', { name: 'ConnectWise connection' });
    expect((within(after).getByLabelText('Private key') as HTMLInputElement).value).toBe('');
    expect(within(after).getByText('Saved (…cdEF). Leave empty to keep it.')).toBeTruthy();
    expect(screen.queryByDisplayValue('PrivKeyZyXw98765')).toBeNull();
    expect(await screen.findByRole('table', { name: 'ConnectWise member of each person' })).toBeTruthy();
  });

  it('saves changes without resending the keys and shows a refused site next to the field', async () => {
    const fetchMock = mockApi({
      'GET /me': json(session('admin')),
      'GET /psa/connection': json({ connection: saved }),
      'GET /knowledge/imports': json({ items: [] }),
      'GET /psa/members': json({ items: links }),
      'GET /psa/remote-members': json({ items: remote }),
      'PUT /psa/connection': json(
        {
          code: 'URL_NOT_ALLOWED',
          message: 'Site URL refused: 10.0.0.5 points to a private address',
          details: { field: 'site_url' },
        },
        400,
      ),
    });
    renderApp('/settings/psa');
    const form = await screen.findByRole('form', { name: 'ConnectWise connection' });
    // The last failed test is shown with its reason.
    expect(screen.getByText('The last test failed')).toBeTruthy();
    expect(screen.getByText(/ConnectWise refused the credentials \(HTTP 401\)/)).toBeTruthy();

    const site = within(form).getByLabelText('Site');
    fireEvent.change(site, { target: { value: 'http://10.0.0.5' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(site.getAttribute('aria-invalid')).toBe('true'));
    expect(document.activeElement).toBe(site);
    expect(within(form).getByText('Site URL refused: 10.0.0.5 points to a private address')).toBeTruthy();
    const body = requestBody(fetchMock, callIndex(fetchMock, 'PUT', '/psa/connection')) as Record<
      string,
      unknown
    >;
    expect(body).toMatchObject({
      site_url: 'http://10.0.0.5',
      company_id: 'northwind',
      escalated_status: 'Escalated',
    });
    expect(body).not.toHaveProperty('public_key');
    expect(body).not.toHaveProperty('private_key');
  });

  it('tests the connection and shows the outcome the server recorded', async () => {
    let connection = saved;
    mockApi({
      'GET /me': json(session('admin')),
      'GET /psa/connection': () => json({ connection }),
      'GET /knowledge/imports': json({ items: [] }),
      'GET /psa/members': json({ items: links }),
      'GET /psa/remote-members': json({ items: remote }),
      'POST /psa/connection/test': () => {
        connection = { ...saved, last_test: { at: new Date().toISOString(), ok: true, error: null } };
        return json({ ok: true, server_version: 'v2025.1' });
      },
    });
    renderApp('/settings/psa');
    fireEvent.click(await screen.findByRole('button', { name: 'Test connection' }));
    expect(await screen.findByText(/Connected — last tested/)).toBeTruthy();
    expect(screen.getByText('ConnectWise accepted the credentials.')).toBeTruthy();
  });

  it('links and unlinks members', async () => {
    let current = links;
    const fetchMock = mockApi({
      'GET /me': json(session('admin')),
      'GET /psa/connection': json({ connection: saved }),
      'GET /psa/members': () => json({ items: current }),
      'GET /psa/remote-members': json({ items: remote }),
      'PUT /psa/members/u1': () => {
        current = [{ ...links[0]!, psa_member: remote[0]! }, links[1]!];
        return json({ link: current[0] });
      },
      'DELETE /psa/members/u2': () => {
        current = [current[0]!, { ...links[1]!, psa_member: null }];
        return json(null, 204);
      },
    });
    renderApp('/settings/psa');
    const alex = (await screen.findByLabelText('ConnectWise member for Alex Admin')) as HTMLSelectElement;
    const toni = screen.getByLabelText('ConnectWise member for Toni Tech') as HTMLSelectElement;
    expect(alex.value).toBe('');
    expect(toni.value).toBe('12');
    expect([...alex.options].map((o) => o.textContent)).toEqual([
      'Not linked',
      'Jo Senior (jsenior)',
      'Toni Tech (ttech)',
    ]);

    fireEvent.change(alex, { target: { value: '11' } });
    await waitFor(() => expect(alex.value).toBe('11'));
    expect(requestBody(fetchMock, callIndex(fetchMock, 'PUT', '/psa/members/u1'))).toEqual({ member_id: 11 });
    expect(await screen.findByText('Alex Admin linked.')).toBeTruthy();

    fireEvent.change(toni, { target: { value: '' } });
    await waitFor(() => expect(toni.value).toBe(''));
    expect(callIndex(fetchMock, 'DELETE', '/psa/members/u2')).toBeGreaterThan(-1);
  });

  it('removes the connection after confirmation', async () => {
    let connection: PsaConnection | null = saved;
    const fetchMock = mockApi({
      'GET /me': json(session('owner')),
      'GET /psa/connection': () => json({ connection }),
      'GET /knowledge/imports': json({ items: [] }),
      'GET /psa/members': json({ items: links }),
      'GET /psa/remote-members': json({ items: remote }),
      'DELETE /psa/connection': () => {
        connection = null;
        return json(null, 204);
      },
    });
    renderApp('/settings/psa');
    fireEvent.click(await screen.findByRole('button', { name: 'Remove' }));
    const dialog = screen.getByRole('dialog', { name: 'Remove the PSA connection?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove connection' }));
    expect(await screen.findByRole('button', { name: 'Connect ConnectWise' })).toBeTruthy();
    expect(callIndex(fetchMock, 'DELETE', '/psa/connection')).toBeGreaterThan(-1);
    expect(screen.queryByRole('table', { name: 'ConnectWise member of each person' })).toBeNull();
  });
});
