import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeEventSource } from '../../../test/fakeEventSource';
import { json, mockApi, renderApp, resetBetweenTests, session } from '../../../test/helpers';
import type { Delivery } from './api';

resetBetweenTests();

function delivery(id: string, overrides: Partial<Delivery>): Delivery {
  return {
    id,
    channel: 'slack',
    psa_action: null,
    channel_id: 'c1',
    channel_name: '#helpdesk',
    recipient: 'https://hooks.slack.com/…/Xy9z',
    status: 'sent',
    attempts: 1,
    last_error: null,
    next_attempt_at: null,
    sent_at: '2025-05-01T10:00:05Z',
    created_at: '2025-05-01T10:00:00Z',
    event_id: 10,
    event_type: 'handoff_created',
    handoff_id: 'h1',
    ...overrides,
  };
}

const failed = delivery('d1', {
  status: 'dead',
  attempts: 5,
  last_error: 'Slack answered 410: channel_is_archived',
  sent_at: null,
  event_type: 'handoff_claimed',
});
const sent = delivery('d2', { channel: 'email', channel_name: 'On-call', recipient: 'oncall@example.com' });

const rowOf = (text: string) => screen.getByText(text).closest('tr') as HTMLElement;

beforeEach(() => {
  FakeEventSource.reset();
  vi.stubGlobal('EventSource', FakeEventSource);
});

describe('delivery log', () => {
  it('retries a dead delivery and shows it pending', async () => {
    let items = [failed, sent];
    const fetchMock = mockApi({
      'GET /me': json(session('admin')),
      'GET /notifications?limit=20': json({ items: [], unread_count: 0 }),
      'GET /deliveries?limit=100': () => json({ items }),
      'POST /deliveries/d1/retry': () => {
        items = [{ ...failed, status: 'pending', next_attempt_at: new Date().toISOString() }, sent];
        return json({ delivery: items[0] });
      },
    });
    renderApp('/settings/deliveries');

    await screen.findByText('Slack answered 410: channel_is_archived');
    expect(within(rowOf('oncall@example.com')).queryByRole('button', { name: /^Retry/ })).toBeNull();
    const row = rowOf('Slack answered 410: channel_is_archived');
    expect(within(row).getByText('Dead')).toBeTruthy();
    expect(within(row).getByText('Handoff claimed')).toBeTruthy();
    expect(within(row).getByText('https://hooks.slack.com/…/Xy9z')).toBeTruthy();

    fireEvent.click(within(row).getByRole('button', { name: 'Retry Handoff claimed to #helpdesk' }));

    expect(await screen.findByText('Delivery queued for another attempt.')).toBeTruthy();
    await waitFor(() =>
      expect(within(rowOf('Slack answered 410: channel_is_archived')).getByText('Pending')).toBeTruthy(),
    );
    expect(
      within(rowOf('Slack answered 410: channel_is_archived')).queryByRole('button', { name: /^Retry/ }),
    ).toBeNull();
    expect(fetchMock.mock.calls.some(([url]) => String(url).endsWith('/deliveries/d1/retry'))).toBe(true);
  });

  it('filters by status, and refetches on a live handoff event', async () => {
    let gets = 0;
    const fetchMock = mockApi({
      'GET /me': json(session('owner')),
      'GET /notifications?limit=20': json({ items: [], unread_count: 0 }),
      'GET /deliveries?limit=100': () => {
        gets += 1;
        return json({ items: [failed, sent] });
      },
      'GET /deliveries?limit=100&status=dead': json({ items: [failed] }),
    });
    renderApp('/settings/deliveries');
    await screen.findByText('2 deliveries.');

    FakeEventSource.latest().emit('ready', { user_id: 'u1', last_event_id: 1 });
    FakeEventSource.latest().emit('handoff_created', { handoff_id: 'h2', session_id: 's2' }, '2');
    await waitFor(() => expect(gets).toBe(2));

    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'dead' } });
    expect(await screen.findByText('1 delivery with status dead.')).toBeTruthy();
    expect(screen.queryByText('oncall@example.com')).toBeNull();
    expect(
      fetchMock.mock.calls.some(([url]) => String(url).endsWith('/deliveries?limit=100&status=dead')),
    ).toBe(true);
  });

  it('explains the page to people who are not admins', async () => {
    mockApi({
      'GET /me': json(session('tech')),
      'GET /notifications?limit=20': json({ items: [], unread_count: 0 }),
    });
    renderApp('/settings/deliveries');
    expect(await screen.findByRole('heading', { name: 'The delivery log is for admins' })).toBeTruthy();
  });
});
