import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockApi, renderApp, requestBody, resetBetweenTests, session } from '../../test/helpers';
import { makeView } from '../../test/sessionFixtures';
import { quarterHoursSince } from './ResolveDialog';

resetBetweenTests();

const ticket = {
  number: '12345',
  summary: 'Outlook keeps asking for the password',
  company: 'Harbor Dental',
  contact: 'Dana Front Desk',
  board: 'Help Desk',
  status: 'New',
  initial_description: 'Prompts every few minutes since this morning.',
};

function callIndex(fetchMock: ReturnType<typeof mockApi>, method: string, path: string) {
  return fetchMock.mock.calls.findIndex(
    ([url, init]) => (init as RequestInit).method === method && String(url).endsWith(`/api/v1${path}`),
  );
}

describe('PSA ticket on intake and resolve', () => {
  it('looks the ticket up and pre-fills the intake, keeping what the tech typed', async () => {
    const view = makeView();
    const fetchMock = mockApi({
      'GET /me': json(session('tech')),
      'GET /psa/status': json({ connected: true, provider: 'connectwise', time_entries: false }),
      'GET /psa/tickets/12345': json({ ticket }),
      'POST /sessions': json(view, 201),
      'GET /sessions/s1': json(view),
    });
    renderApp('/sessions/new');
    const lookup = await screen.findByRole('button', { name: 'Look up ticket in ConnectWise' });
    expect((lookup as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Asset'), { target: { value: 'FD-LAPTOP-07' } });
    fireEvent.change(screen.getByLabelText('PSA ticket number'), { target: { value: '#12345' } });
    fireEvent.click(lookup);

    const details = await screen.findByRole('region', { name: 'Ticket #12345' });
    expect(details.textContent).toContain('Outlook keeps asking for the password');
    for (const value of ['Harbor Dental', 'Dana Front Desk', 'Help Desk', 'New'])
      expect(within(details).getByText(value)).toBeTruthy();
    expect((screen.getByLabelText('Problem') as HTMLTextAreaElement).value).toBe(
      'Outlook keeps asking for the password\n\nPrompts every few minutes since this morning.\n\nContact: Dana Front Desk',
    );
    expect((screen.getByLabelText('Client') as HTMLInputElement).value).toBe('Harbor Dental');
    expect((screen.getByLabelText('PSA ticket number') as HTMLInputElement).value).toBe('12345');

    fireEvent.click(screen.getByRole('button', { name: 'Start session' }));
    await waitFor(() => expect(callIndex(fetchMock, 'POST', '/sessions')).toBeGreaterThan(-1));
    expect(requestBody(fetchMock, callIndex(fetchMock, 'POST', '/sessions'))).toMatchObject({
      ticket: '12345',
      client: 'Harbor Dental',
      asset: 'FD-LAPTOP-07',
      problem: expect.stringContaining('Outlook keeps asking for the password'),
    });
  });

  it('does not overwrite a typed problem, and shows why a lookup failed', async () => {
    mockApi({
      'GET /me': json(session('tech')),
      'GET /psa/status': json({ connected: true, provider: 'connectwise', time_entries: false }),
      'GET /psa/tickets/12345': json({ ticket }),
      'GET /psa/tickets/999': json(
        { code: 'TICKET_NOT_FOUND', message: 'Ticket #999 was not found in ConnectWise (HTTP 404)' },
        404,
      ),
    });
    renderApp('/sessions/new');
    const ticketField = await screen.findByLabelText('PSA ticket number');
    await screen.findByRole('button', { name: 'Look up ticket in ConnectWise' });
    fireEvent.change(ticketField, { target: { value: '999' } });
    fireEvent.click(screen.getByRole('button', { name: 'Look up ticket in ConnectWise' }));
    expect(await screen.findByText('Ticket #999 was not found in ConnectWise (HTTP 404)')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Problem'), { target: { value: 'Printer offline in reception' } });
    fireEvent.change(ticketField, { target: { value: '12345' } });
    fireEvent.click(screen.getByRole('button', { name: 'Look up ticket in ConnectWise' }));
    await screen.findByRole('region', { name: 'Ticket #12345' });
    expect((screen.getByLabelText('Problem') as HTMLTextAreaElement).value).toBe(
      'Printer offline in reception',
    );
  });

  it('offers no lookup without a PSA connection', async () => {
    mockApi({
      'GET /me': json(session('tech')),
      'GET /psa/status': json({ connected: false, provider: null, time_entries: false }),
    });
    renderApp('/sessions/new');
    await screen.findByLabelText('PSA ticket number');
    await waitFor(() => expect(screen.queryByRole('button', { name: /Look up ticket/ })).toBeNull());
  });

  it('asks for the hours to book when resolving a ticket with time entries on', async () => {
    const view = makeView({ user_id: 'u1' });
    const resolved = makeView({
      status: 'resolved',
      root_cause: 'Corrupt OST',
      resolution_summary: 'Rebuilt the OST',
    });
    const fetchMock = mockApi({
      'GET /me': json(session('tech')),
      'GET /psa/status': json({ connected: true, provider: 'connectwise', time_entries: true }),
      'GET /sessions/s1': json(view),
      'GET /sessions/s1/handoffs': json({ items: [] }),
      'POST /sessions/s1/resolve': json(resolved),
    });
    renderApp('/sessions/s1');
    fireEvent.click(await screen.findByRole('button', { name: 'Resolve' }));
    const dialog = screen.getByRole('dialog', { name: 'Resolve session' });
    const hours = (await within(dialog).findByLabelText(
      'Time to book on the ticket (hours)',
    )) as HTMLInputElement;
    expect(hours.value).toBe(String(quarterHoursSince(view.session.created_at)));
    fireEvent.change(within(dialog).getByLabelText('Root cause'), { target: { value: 'Corrupt OST' } });
    fireEvent.change(within(dialog).getByLabelText('Resolution summary'), {
      target: { value: 'Rebuilt the OST' },
    });
    fireEvent.change(hours, { target: { value: '0.3' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Resolve session' }));
    expect(
      await within(dialog).findByText('Enter quarter hours between 0.25 and 24, e.g. 0.75.'),
    ).toBeTruthy();
    expect(callIndex(fetchMock, 'POST', '/sessions/s1/resolve')).toBe(-1);

    fireEvent.change(hours, { target: { value: '0.75' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Resolve session' }));
    await waitFor(() => expect(callIndex(fetchMock, 'POST', '/sessions/s1/resolve')).toBeGreaterThan(-1));
    expect(requestBody(fetchMock, callIndex(fetchMock, 'POST', '/sessions/s1/resolve'))).toEqual({
      root_cause: 'Corrupt OST',
      resolution_summary: 'Rebuilt the OST',
      time_hours: 0.75,
    });
  });
});
