import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeView } from '../../test/sessionFixtures';
import { json, mockApi, renderApp, requestBody, resetBetweenTests, session } from '../../test/helpers';

resetBetweenTests();

function callIndex(fetchMock: ReturnType<typeof mockApi>, method: string, path: string): number {
  return fetchMock.mock.calls.findIndex(
    ([url, init]) => (init as RequestInit).method === method && String(url).endsWith(`/api/v1${path}`),
  );
}

describe('new session intake', () => {
  it('submits the intake and opens the new session', async () => {
    const view = makeView();
    const fetchMock = mockApi({
      'GET /me': json(session('tech')),
      'POST /sessions': json(view, 201),
      'GET /sessions/s1': json(view),
    });
    const { router } = renderApp('/sessions/new');

    const problem = await screen.findByLabelText('Problem');
    expect(document.activeElement).toBe(problem);
    fireEvent.change(problem, { target: { value: '  Outlook keeps saying trying to connect  ' } });
    fireEvent.change(screen.getByLabelText('PSA ticket number'), { target: { value: '#12345' } });
    fireEvent.change(screen.getByLabelText('Client'), { target: { value: 'Contoso Dental' } });
    expect((screen.getByLabelText('Priority') as HTMLSelectElement).value).toBe('p3');
    fireEvent.change(screen.getByLabelText('Priority'), { target: { value: 'p2' } });

    const toggle = screen.getByRole('button', { name: 'Paste a log (optional)' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    fireEvent.change(screen.getByLabelText('Pasted log'), { target: { value: 'Event 1000: crash' } });

    fireEvent.click(screen.getByRole('button', { name: 'Start session' }));

    await screen.findByRole('heading', { level: 1, name: 'Outlook stuck on “Trying to connect”' });
    expect(router.state.location.pathname).toBe('/sessions/s1');
    expect(requestBody(fetchMock, callIndex(fetchMock, 'POST', '/sessions'))).toEqual({
      problem: 'Outlook keeps saying trying to connect',
      ticket: '#12345',
      client: 'Contoso Dental',
      log: 'Event 1000: crash',
      priority: 'p2',
    });
  });

  it('checks the problem locally and shows server validation errors next to the fields', async () => {
    const fetchMock = mockApi({
      'GET /me': json(session('tech')),
      'POST /sessions': json(
        {
          code: 'VALIDATION_ERROR',
          message: 'Invalid request: ticket: A PSA ticket number such as 12345',
          details: [{ path: 'ticket', message: 'A PSA ticket number such as 12345' }],
        },
        400,
      ),
    });
    renderApp('/sessions/new');
    const problem = await screen.findByLabelText('Problem');

    fireEvent.change(problem, { target: { value: 'ab' } });
    fireEvent.click(screen.getByRole('button', { name: 'Start session' }));
    expect(await screen.findByText(/at least 3 characters/)).toBeTruthy();
    expect(problem.getAttribute('aria-invalid')).toBe('true');
    expect(callIndex(fetchMock, 'POST', '/sessions')).toBe(-1);

    fireEvent.change(problem, { target: { value: 'Printer offline' } });
    const ticket = screen.getByLabelText('PSA ticket number');
    fireEvent.change(ticket, { target: { value: 'not a ticket!' } });
    fireEvent.click(screen.getByRole('button', { name: 'Start session' }));

    expect(await screen.findByText('A PSA ticket number such as 12345')).toBeTruthy();
    expect(ticket.getAttribute('aria-invalid')).toBe('true');
    expect(ticket.getAttribute('aria-describedby')).toContain('-error');
    expect(problem.getAttribute('aria-invalid')).toBeNull();
    expect(screen.getByRole('alert').textContent).toContain('Some fields need attention');
    await waitFor(() => expect(document.activeElement).toBe(ticket));
  });

  it('tells viewers they cannot start sessions', async () => {
    mockApi({ 'GET /me': json(session('viewer')) });
    renderApp('/sessions/new');
    expect(await screen.findByText('Viewers cannot start sessions')).toBeTruthy();
    expect(screen.queryByLabelText('Problem')).toBeNull();
  });
});
