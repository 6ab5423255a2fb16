import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockApi, renderApp, requestBody, resetBetweenTests, session } from '../../../test/helpers';
import type { SlackApp } from './api';

resetBetweenTests();

const URL = 'https://rf.example.com/api/v1/integrations/slack/interactions';
const empty: SlackApp = {
  configured: false,
  team_id: null,
  team_name: null,
  app_id: null,
  channel: null,
  bot_token: null,
  has_signing_secret: false,
  interactivity_url: URL,
  updated_at: null,
};
const saved: SlackApp = {
  configured: true,
  team_id: 'T0HARBOR',
  team_name: 'Harbor IT',
  app_id: 'A0CLAIM',
  channel: '#escalations',
  bot_token: '…9xYz',
  has_signing_secret: true,
  interactivity_url: URL,
  updated_at: '2026-12-05T09:00:00.000Z',
};

function callIndex(fetchMock: ReturnType<typeof mockApi>, method: string, path: string) {
  return fetchMock.mock.calls.findIndex(
    ([url, init]) => (init as RequestInit).method === method && String(url).endsWith(`/api/v1${path}`),
  );
}

describe('Slack app settings', () => {
  it('explains to a non-admin that admins manage it, without asking the server', async () => {
    const fetchMock = mockApi({ 'GET /me': json(session('engineer')) });
    renderApp('/settings/slack');
    expect(await screen.findByText('The Slack app is managed by admins')).toBeTruthy();
    expect(callIndex(fetchMock, 'GET', '/integrations/slack')).toBe(-1);
    expect(screen.queryByRole('link', { name: 'Slack app' })).toBeNull();
  });

  it('shows the Request URL, checks the fields, saves once and shows the workspace without the secrets', async () => {
    let current = empty;
    const fetchMock = mockApi({
      'GET /me': json(session('admin')),
      'GET /integrations/slack': () => json({ slack: current }),
      'PUT /integrations/slack': () => {
        current = saved;
        return json({ slack: saved });
      },
    });
    renderApp('/settings/slack');
    const form = await screen.findByRole('form', { name: 'Slack app settings' });
    expect(screen.getByDisplayValue(URL)).toBeTruthy();
    expect(screen.getByText('Not set up')).toBeTruthy();

    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await within(form).findByText(/Enter the signing secret/)).toBeTruthy();
    expect(callIndex(fetchMock, 'PUT', '/integrations/slack')).toBe(-1);

    fireEvent.change(within(form).getByLabelText('Signing secret'), {
      target: { value: 'f00dfeedcafe0123456789abcdef4567' },
    });
    fireEvent.change(within(form).getByLabelText('Bot token'), { target: { value: 'xoxb-1-2-9xYz' } });
    fireEvent.change(within(form).getByLabelText('Channel'), { target: { value: '#escalations' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));

    expect(await screen.findByText(/Workspace Harbor IT \(T0HARBOR\), posting to #escalations/)).toBeTruthy();
    const put = callIndex(fetchMock, 'PUT', '/integrations/slack');
    expect(requestBody(fetchMock, put)).toEqual({
      signing_secret: 'f00dfeedcafe0123456789abcdef4567',
      bot_token: 'xoxb-1-2-9xYz',
      channel: '#escalations',
    });
    // The write-only fields are emptied after the save.
    await waitFor(() =>
      expect((within(form).getByLabelText('Bot token') as HTMLInputElement).value).toBe(''),
    );
  });

  it('shows why Slack refused the token', async () => {
    mockApi({
      'GET /me': json(session('owner')),
      'GET /integrations/slack': json({ slack: empty }),
      'PUT /integrations/slack': json(
        {
          code: 'SLACK_AUTH_FAILED',
          message: 'Slack refused the bot token (invalid_auth)',
          details: { field: 'bot_token' },
        },
        422,
      ),
    });
    renderApp('/settings/slack');
    const form = await screen.findByRole('form', { name: 'Slack app settings' });
    fireEvent.change(within(form).getByLabelText('Signing secret'), {
      target: { value: 'f00dfeedcafe0123456789abcdef4567' },
    });
    fireEvent.change(within(form).getByLabelText('Bot token'), { target: { value: 'xoxb-wrong' } });
    fireEvent.change(within(form).getByLabelText('Channel'), { target: { value: '#escalations' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Slack refused the bot token (invalid_auth)')).toBeTruthy();
  });

  it('removes the app after confirmation', async () => {
    let current: SlackApp = saved;
    const fetchMock = mockApi({
      'GET /me': json(session('owner')),
      'GET /integrations/slack': () => json({ slack: current }),
      'DELETE /integrations/slack': () => {
        current = empty;
        return json(null, 204);
      },
    });
    renderApp('/settings/slack');
    fireEvent.click(await screen.findByRole('button', { name: 'Remove' }));
    const dialog = screen.getByRole('dialog', { name: 'Remove the Slack app?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove Slack app' }));
    expect(await screen.findByText('Not set up')).toBeTruthy();
    expect(callIndex(fetchMock, 'DELETE', '/integrations/slack')).toBeGreaterThan(-1);
  });
});
