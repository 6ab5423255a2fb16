import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Schemas } from '../../../api/client';
import { json, mockApi, renderApp, resetBetweenTests, session } from '../../../test/helpers';
import type { AuditEntry } from './api';

resetBetweenTests();

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

const members: Schemas['Member'][] = [
  {
    id: 'u1',
    email: 'alex@example.com',
    name: 'Alex Admin',
    role: 'admin',
    is_active: true,
    created_at: minutesAgo(9000),
    last_login_at: null,
  } as Schemas['Member'],
  {
    id: 'u2',
    email: 'sam@example.com',
    name: 'Sam Tech',
    role: 'tech',
    is_active: true,
    created_at: minutesAgo(9000),
    last_login_at: null,
  } as Schemas['Member'],
];

const promoted: AuditEntry = {
  id: '42',
  created_at: minutesAgo(5),
  action: 'member.updated',
  actor: { id: 'u1', name: 'Alex Admin', email: 'alex@example.com' },
  target_type: 'user',
  target_id: 'b3c1f0a2-1111-4222-8333-444455556666',
  details: { before: { role: 'tech' }, after: { role: 'engineer' } },
};
const created: AuditEntry = {
  id: '41',
  created_at: minutesAgo(180),
  action: 'account.created',
  actor: null,
  target_type: 'account',
  target_id: 'a1',
  details: {},
};
const older: AuditEntry = {
  id: '40',
  created_at: minutesAgo(3 * 24 * 60),
  action: 'channel.created',
  actor: { id: 'u1', name: 'Alex Admin', email: 'alex@example.com' },
  target_type: 'notification_channel',
  target_id: 'c9',
  details: { kind: 'email', name: 'Desk' },
};

const rowOf = (text: string) => screen.getByText(text).closest('tr') as HTMLElement;

describe('audit log', () => {
  it('shows entries with absolute and relative time, actor, target and details, and loads more', async () => {
    mockApi({
      'GET /me': json(session('admin')),
      'GET /members': json({ items: members }),
      'GET /audit-log?limit=50': json({ items: [promoted, created], next_cursor: '41' }),
      'GET /audit-log?limit=50&cursor=41': json({ items: [older], next_cursor: null }),
    });
    renderApp('/settings/audit-log');

    const row = await waitFor(() => rowOf('member.updated'));
    expect(within(row).getByText('Alex Admin')).toBeTruthy();
    expect(within(row).getByText('alex@example.com')).toBeTruthy();
    expect(within(row).getByText('5 minutes ago')).toBeTruthy();
    expect(row.querySelector('time')!.getAttribute('datetime')).toBe(promoted.created_at);
    expect(within(row).getByText('b3c1f0a2…').getAttribute('title')).toBe(promoted.target_id);
    expect(within(row).getByText('before: {"role":"tech"} · after: {"role":"engineer"}')).toBeTruthy();
    expect(within(rowOf('account.created')).getByText('System')).toBeTruthy();
    expect(screen.getByRole('link', { name: /Audit log/ }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('link', { name: /Export CSV/ }).getAttribute('href')).toBe(
      '/api/v1/audit-log.csv',
    );

    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(
      within(await waitFor(() => rowOf('channel.created'))).getByText('kind: email · name: Desk'),
    ).toBeTruthy();
    expect(screen.getAllByRole('row')).toHaveLength(1 + 3);
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('applies the filters to the list and to the export link', async () => {
    const from = new Date('2026-03-01T00:00:00').toISOString();
    const to = new Date('2026-03-02T23:59:59.999').toISOString();
    const filteredQuery = `action=member.&actor=u2&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    mockApi({
      'GET /me': json(session('owner')),
      'GET /members': json({ items: members }),
      'GET /audit-log?limit=50': json({ items: [promoted, created], next_cursor: null }),
      [`GET /audit-log?${filteredQuery}&limit=50`]: json({ items: [], next_cursor: null }),
    });
    renderApp('/settings/audit-log');
    await waitFor(() => rowOf('member.updated'));

    fireEvent.change(screen.getByLabelText(/^Action/), { target: { value: ' member. ' } });
    fireEvent.change(screen.getByLabelText('Actor'), { target: { value: 'u2' } });
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-03-01' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-03-02' } });
    // Nothing is fetched until the filters are applied.
    expect(screen.getByText('member.updated')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Apply filters' }));

    expect(await screen.findByText('No entries match these filters.')).toBeTruthy();
    expect(screen.getByRole('link', { name: /Export CSV/ }).getAttribute('href')).toBe(
      `/api/v1/audit-log.csv?${filteredQuery}`,
    );

    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    await waitFor(() => rowOf('member.updated'));
    expect(screen.getByRole('link', { name: /Export CSV/ }).getAttribute('href')).toBe(
      '/api/v1/audit-log.csv',
    );
  });

  it('refuses an action the server would refuse, and a range that ends before it starts', async () => {
    mockApi({
      'GET /me': json(session('admin')),
      'GET /members': json({ items: members }),
      'GET /audit-log?limit=50': json({ items: [promoted], next_cursor: null }),
    });
    renderApp('/settings/audit-log');
    await waitFor(() => rowOf('member.updated'));
    fireEvent.change(screen.getByLabelText(/^Action/), { target: { value: 'member *' } });
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-03-05' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-03-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(screen.getByText('Letters, digits, _ . : and - only')).toBeTruthy();
    expect(screen.getByText('On or after the start')).toBeTruthy();
    // Still the unfiltered list: an unexpected request would have failed the mock.
    expect(screen.getByText('member.updated')).toBeTruthy();
  });

  it('is not offered to a tech, who gets an explanation by URL', async () => {
    const fetchMock = mockApi({ 'GET /me': json(session('tech')), 'GET /members': json({ items: members }) });
    renderApp('/settings/audit-log');
    expect(await screen.findByText('The audit log is for admins')).toBeTruthy();
    expect(screen.queryByRole('link', { name: /Audit log/ })).toBeNull();
    expect(fetchMock.mock.calls.some(([url]) => String(url).includes('/audit-log'))).toBe(false);
  });
});
