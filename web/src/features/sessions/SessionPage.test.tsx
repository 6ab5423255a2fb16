import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { actionStep, answered, makeView, questionStep } from '../../test/sessionFixtures';
import { json, mockApi, renderApp, requestBody, resetBetweenTests, session } from '../../test/helpers';

resetBetweenTests();

function bodyOf(fetchMock: ReturnType<typeof mockApi>, path: string) {
  const index = fetchMock.mock.calls.findIndex(([url]) => String(url).endsWith(`/api/v1${path}`));
  return requestBody(fetchMock, index);
}

const suggestion = answered(
  questionStep({
    id: 'st3',
    step_order: 3,
    kind: 'resolution_suggestion',
    content: {
      text: 'Recreate the Outlook profile',
      options: [
        { label: 'This fixed it', value: 'fixed' },
        { label: 'Did not fix it', value: 'not_fixed' },
      ],
      cause: 'Corrupted Outlook profile',
      fix: 'Recreated the Outlook profile and re-added the mailbox',
      sources: [],
    },
  }),
  { answer: { option: 'fixed', label: 'This fixed it' } },
);

describe('session page', () => {
  it('is read-only for someone who is not the owner', async () => {
    mockApi({
      'GET /me': json(session('engineer')),
      'GET /sessions/s1': json(
        makeView({ user_id: 'u2', owner: { id: 'u2', name: 'Terry Tech' } }, [
          answered(questionStep(), { answer: { skipped: true } }),
          actionStep(),
        ]),
      ),
    });
    renderApp('/sessions/s1');

    expect(await screen.findByText(/only the session owner can answer steps/)).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Current step' })).toBeNull();
    expect(screen.queryByRole('group', { name: 'Session actions' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Resolve' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Promote to fact/ })).toBeNull();
    expect(screen.queryByLabelText('Add a fact')).toBeNull();
    // The history is still readable, including the step waiting for the owner.
    const history = screen.getByRole('list', { name: 'Session history' });
    expect(within(history).getByText('skipped')).toBeTruthy();
    expect(within(history).getByText('Awaiting answer')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Ticket notes' })).toBeTruthy();
  });

  it('lets the engineer who claimed an escalated session act, and nobody else', async () => {
    mockApi({
      'GET /me': json(session('engineer')),
      'GET /sessions/s1': json(
        makeView({
          status: 'escalated',
          escalated_to_id: 'u1',
          escalated_to: { id: 'u1', name: 'Alex Admin' },
        }),
      ),
    });
    renderApp('/sessions/s1');
    expect(await screen.findByRole('region', { name: 'Current step' })).toBeTruthy();
    const actions = screen.getByRole('group', { name: 'Session actions' });
    expect(
      within(actions)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Resolve']);
  });

  it('resolves with the fix prefilled when the assistant says it worked', async () => {
    const view = makeView({ assistant_finished: 'fixed' }, [suggestion]);
    const resolved = makeView(
      {
        status: 'resolved',
        assistant_finished: 'fixed',
        root_cause: 'Corrupted Outlook profile',
        resolution_summary: 'Recreated the profile',
      },
      [suggestion],
    );
    const fetchMock = mockApi({
      'GET /me': json(session('tech')),
      'GET /sessions/s1': json(view),
      'POST /sessions/s1/resolve': json(resolved),
    });
    renderApp('/sessions/s1');

    expect(await screen.findByText('The fix worked — resolve the session')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Fill in the resolution' }));

    const dialog = screen.getByRole('dialog', { name: 'Resolve session' });
    const rootCause = within(dialog).getByLabelText('Root cause') as HTMLTextAreaElement;
    const summary = within(dialog).getByLabelText('Resolution summary') as HTMLTextAreaElement;
    expect(rootCause.value).toBe('Corrupted Outlook profile');
    expect(summary.value).toBe('Recreated the Outlook profile and re-added the mailbox');
    expect(document.activeElement).toBe(rootCause);

    fireEvent.change(summary, { target: { value: 'ok' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Resolve session' }));
    expect(within(dialog).getByText(/at least 3 characters/)).toBeTruthy();
    expect(document.activeElement).toBe(summary);

    fireEvent.change(summary, { target: { value: 'Recreated the profile' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Resolve session' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(bodyOf(fetchMock, '/sessions/s1/resolve')).toEqual({
      root_cause: 'Corrupted Outlook profile',
      resolution_summary: 'Recreated the profile',
    });
    expect(await screen.findByText('Resolved', { selector: 'span' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Resolve' })).toBeNull();
  });

  it('shows why a resolve was refused', async () => {
    mockApi({
      'GET /me': json(session('tech')),
      'GET /sessions/s1': json(makeView({ status: 'paused' })),
      'POST /sessions/s1/resolve': json(
        {
          code: 'INVALID_TRANSITION',
          message: 'Cannot resolve a session that is abandoned',
          current_status: 'abandoned',
        },
        409,
      ),
    });
    renderApp('/sessions/s1');
    expect(await screen.findByText(/This session is paused/)).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Current step' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Resume' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Resolve' }));
    const dialog = screen.getByRole('dialog', { name: 'Resolve session' });
    expect((within(dialog).getByLabelText('Root cause') as HTMLTextAreaElement).value).toBe('');
    fireEvent.change(within(dialog).getByLabelText('Root cause'), { target: { value: 'DNS cache' } });
    fireEvent.change(within(dialog).getByLabelText('Resolution summary'), {
      target: { value: 'Flushed DNS' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Resolve session' }));

    expect((await within(dialog).findByRole('alert')).textContent).toContain(
      'Cannot resolve a session that is abandoned',
    );
  });

  it('adds facts, promotes an answered step and copies the ticket notes', async () => {
    const writeText = vi.fn(async () => undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const view = makeView({}, [
      answered(questionStep(), { answer: { option: 'yes', label: 'Yes' } }),
      actionStep(),
    ]);
    const fact = (id: string, text: string, stepId: string | null = null) => ({
      fact: {
        id,
        text,
        source_step_id: stepId,
        created_by: 'u1',
        created_by_name: 'Alex Admin',
        created_at: '2025-05-01T09:10:00Z',
      },
    });
    let factCalls = 0;
    const fetchMock = mockApi({
      'GET /me': json(session('tech')),
      'GET /sessions/s1': json(view),
      'POST /sessions/s1/facts': () =>
        json(factCalls++ === 0 ? fact('f1', 'Webmail works') : fact('f2', 'Webmail? — Yes', 'st1'), 201),
      'GET /sessions/s1/notes': new Response('## Ticket 12345\n- Webmail works', {
        headers: { 'Content-Type': 'text/markdown' },
      }),
    });
    renderApp('/sessions/s1');

    fireEvent.change(await screen.findByLabelText('Add a fact'), { target: { value: 'Webmail works' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add fact' }));
    const facts = await screen.findByRole('list', { name: 'Facts' });
    expect(within(facts).getByText('Webmail works')).toBeTruthy();
    expect(bodyOf(fetchMock, '/sessions/s1/facts')).toEqual({ text: 'Webmail works' });

    fireEvent.click(screen.getByRole('button', { name: /Promote to fact/ }));
    expect(await screen.findByText('Promoted to fact')).toBeTruthy();
    expect(requestBody(fetchMock, fetchMock.mock.calls.length - 1)).toEqual({ step_id: 'st1' });

    fireEvent.click(screen.getByRole('button', { name: 'Ticket notes' }));
    const dialog = screen.getByRole('dialog', { name: 'Ticket notes' });
    expect((await within(dialog).findByLabelText('Ticket notes (Markdown)')).textContent).toContain(
      '## Ticket 12345',
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Copy ticket notes' }));
    expect(await within(dialog).findByText('Copied to clipboard.')).toBeTruthy();
    expect(writeText).toHaveBeenCalledWith('## Ticket 12345\n- Webmail works');
  });
});
