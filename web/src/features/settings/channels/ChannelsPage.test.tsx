import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockApi, renderApp, requestBody, resetBetweenTests, session } from '../../../test/helpers';
import type { Channel } from './api';

resetBetweenTests();

const slack: Channel = {
  id: 'c1',
  kind: 'slack',
  name: '#helpdesk-escalations',
  target: 'https://hooks.slack.com/…/Xy9z',
  events: ['handoff_created', 'handoff_claimed'],
  enabled: true,
  has_secret: false,
  created_at: '2025-04-01T09:00:00Z',
  updated_at: '2025-04-01T09:00:00Z',
};

function findCall(fetchMock: ReturnType<typeof mockApi>, method: string, path: string) {
  return fetchMock.mock.calls.findIndex(
    ([url, init]) => (init as RequestInit).method === method && String(url).endsWith(`/api/v1${path}`),
  );
}

async function openAddDialog() {
  fireEvent.click(await screen.findByRole('button', { name: 'Add channel' }));
  return screen.getByRole('dialog', { name: 'Add channel' });
}

describe('notification channels', () => {
  it('shows a URL guard refusal next to the target field', async () => {
    const fetchMock = mockApi({
      'GET /me': json(session('admin')),
      'GET /channels': json({ items: [slack] }),
      'POST /channels': json(
        {
          code: 'URL_NOT_ALLOWED',
          message: 'Webhook URL refused: the host resolves to a private address',
          details: { field: 'target' },
        },
        400,
      ),
    });
    renderApp('/settings/channels');
    expect(await screen.findByText('#helpdesk-escalations')).toBeTruthy();
    expect(screen.getByText('https://hooks.slack.com/…/Xy9z')).toBeTruthy();

    const dialog = await openAddDialog();
    fireEvent.change(within(dialog).getByLabelText('Kind'), { target: { value: 'webhook' } });
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'PSA bridge' } });
    fireEvent.change(within(dialog).getByLabelText('Webhook URL'), {
      target: { value: 'https://10.0.0.5/hook' },
    });
    fireEvent.click(within(dialog).getByLabelText('Handoff claimed'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add channel' }));

    const url = within(dialog).getByLabelText('Webhook URL');
    await waitFor(() => expect(url.getAttribute('aria-invalid')).toBe('true'));
    const errorId = url
      .getAttribute('aria-describedby')
      ?.split(' ')
      .find((id) => id.endsWith('-error'));
    expect(document.getElementById(errorId ?? '')?.textContent).toBe(
      'Webhook URL refused: the host resolves to a private address',
    );
    expect(document.activeElement).toBe(url);
    expect(within(dialog).getByRole('alert').textContent).toContain('Check the field marked below');
    expect(requestBody(fetchMock, findCall(fetchMock, 'POST', '/channels'))).toEqual({
      kind: 'webhook',
      name: 'PSA bridge',
      target: 'https://10.0.0.5/hook',
      events: ['handoff_created', 'handoff_claimed'],
      enabled: true,
    });
  });

  it('checks required fields before sending anything', async () => {
    const fetchMock = mockApi({ 'GET /me': json(session('owner')), 'GET /channels': json({ items: [] }) });
    renderApp('/settings/channels');
    const dialog = await openAddDialog();
    fireEvent.click(within(dialog).getByLabelText('Session escalated (new handoff)'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add channel' }));

    expect(within(dialog).getByText('Give the channel a name.')).toBeTruthy();
    expect(within(dialog).getByText('Enter the email addresses.')).toBeTruthy();
    expect(within(dialog).getByText('Pick at least one event.')).toBeTruthy();
    expect(findCall(fetchMock, 'POST', '/channels')).toBe(-1);
  });

  it('shows a new webhook channel’s signing secret once, with a warning', async () => {
    mockApi({
      'GET /me': json(session('owner')),
      'GET /channels': json({ items: [] }),
      'POST /channels': json(
        {
          channel: { ...slack, id: 'c2', kind: 'webhook', name: 'PSA', has_secret: true },
          secret: 'whsec_abc123',
        },
        201,
      ),
    });
    renderApp('/settings/channels');
    const dialog = await openAddDialog();
    fireEvent.change(within(dialog).getByLabelText('Kind'), { target: { value: 'webhook' } });
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'PSA' } });
    fireEvent.change(within(dialog).getByLabelText('Webhook URL'), {
      target: { value: 'https://psa.example.com/h' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add channel' }));

    const secretDialog = await screen.findByRole('dialog', { name: 'Save the signing secret' });
    expect((within(secretDialog).getByLabelText('Signing secret') as HTMLInputElement).value).toBe(
      'whsec_abc123',
    );
    expect(within(secretDialog).getByText('Copy the signing secret now')).toBeTruthy();
    fireEvent.click(within(secretDialog).getByRole('button', { name: 'Done' }));
    expect(screen.queryByText('whsec_abc123')).toBeNull();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('sends a test and shows the receiver’s refusal', async () => {
    mockApi({
      'GET /me': json(session('admin')),
      'GET /channels': json({ items: [slack] }),
      'POST /channels/c1/test': json({ ok: false, error: 'Slack answered 404: no_service' }),
    });
    renderApp('/settings/channels');
    fireEvent.click(await screen.findByRole('button', { name: 'Send test to #helpdesk-escalations' }));
    expect(await screen.findByText('Test failed: Slack answered 404: no_service')).toBeTruthy();
  });

  it('saves only what changed when editing, and toggles a channel off', async () => {
    let current = slack;
    const fetchMock = mockApi({
      'GET /me': json(session('admin')),
      'GET /channels': () => json({ items: [current] }),
      'PATCH /channels/c1': (init) => {
        current = { ...current, ...JSON.parse(String(init.body)) };
        return json({ channel: current });
      },
    });
    renderApp('/settings/channels');
    fireEvent.click(await screen.findByRole('button', { name: 'Edit #helpdesk-escalations' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit #helpdesk-escalations' });
    const url = within(dialog).getByLabelText('Slack webhook URL');
    expect(url.getAttribute('aria-describedby')).toBeTruthy();
    expect(within(dialog).getByText(/Currently https:\/\/hooks\.slack\.com\/…\/Xy9z/)).toBeTruthy();
    fireEvent.click(within(dialog).getByLabelText('Handoff claimed'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(requestBody(fetchMock, findCall(fetchMock, 'PATCH', '/channels/c1'))).toEqual({
      events: ['handoff_created'],
    });

    const toggle = screen.getByRole('switch', { name: 'Enabled: #helpdesk-escalations' });
    expect(toggle.getAttribute('aria-checked')).toBe('true');
    fireEvent.click(toggle);
    await waitFor(() => expect(toggle.getAttribute('aria-checked')).toBe('false'));
    const calls = fetchMock.mock.calls.filter(([, init]) => (init as RequestInit).method === 'PATCH');
    expect(JSON.parse(String((calls[1]?.[1] as RequestInit).body))).toEqual({ enabled: false });
  });

  it('explains the page to people who are not admins', async () => {
    mockApi({ 'GET /me': json(session('engineer')) });
    renderApp('/settings/channels');
    expect(
      await screen.findByRole('heading', { name: 'Notification channels are managed by admins' }),
    ).toBeTruthy();
    const sections = screen.getByRole('navigation', { name: 'Settings sections' });
    expect(within(sections).queryByRole('link', { name: 'Notifications' })).toBeNull();
  });
});
