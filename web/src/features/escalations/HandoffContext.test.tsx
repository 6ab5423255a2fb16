import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { pressEscapeOnDialog } from '../../test/dialog';
import { FakeEventSource } from '../../test/fakeEventSource';
import { makeHandoff } from '../../test/handoffFixtures';
import { json, mockApi, renderApp, requestBody, resetBetweenTests, session } from '../../test/helpers';
import { actionStep, answered, makeView, questionStep } from '../../test/sessionFixtures';
import type { Schemas } from '../../api/client';

type Handoff = Schemas['Handoff'];

resetBetweenTests();

const waiting = makeView(
  { status: 'requesting_escalation', user_id: 'u2', owner: { id: 'u2', name: 'Terry Tech' } },
  [
    answered(questionStep(), { answer: { option: 'yes', label: 'Yes' } }),
    answered(actionStep(), { outcome: 'failed' }),
  ],
);
const claimedByMe = makeView(
  {
    status: 'escalated',
    user_id: 'u2',
    owner: { id: 'u2', name: 'Terry Tech' },
    escalated_to_id: 'u1',
    escalated_to: { id: 'u1', name: 'Alex Admin' },
  },
  [...waiting.steps, questionStep({ id: 'st9', step_order: 3 })],
);

/** The session, its handoffs and the claim endpoint, with state the test can move along. */
function pickupServer(handoff: Handoff, claimReply?: () => Response) {
  const state = { view: waiting, handoff };
  const fetchMock = mockApi({
    'GET /me': json(session('engineer')),
    'GET /notifications?limit=20': json({ items: [], unread_count: 0 }),
    'GET /analytics/escalations?period=30d': json({ code: 'UNAVAILABLE', message: 'Not now' }, 503),
    'GET /handoffs/queue': json({ items: [] }),
    'GET /sessions/s1': () => json(state.view),
    'GET /sessions/s1/handoffs': () => json({ items: [state.handoff] }),
    'POST /handoffs/h1/claim':
      claimReply ??
      (() => {
        state.view = claimedByMe;
        state.handoff = {
          ...state.handoff,
          claimed_by: { id: 'u1', name: 'Alex Admin' },
          claimed_at: new Date().toISOString(),
        };
        return json({ handoff: state.handoff });
      }),
    'POST /sessions/s1/steps': () => json(claimedByMe, 201),
    'POST /sessions/s1/ask': () =>
      json({
        ...claimedByMe,
        steps: [...claimedByMe.steps, questionStep({ id: 'st10', step_order: 4, kind: 'briefing' })],
      }),
  });
  return { state, fetchMock };
}

const calls = (fetchMock: ReturnType<typeof mockApi>, method: string, path: string) =>
  fetchMock.mock.calls.filter(
    ([url, init]) =>
      String(url).endsWith(`/api/v1${path}`) && ((init as RequestInit)?.method ?? 'GET') === method,
  );

beforeEach(() => {
  FakeEventSource.reset();
  vi.stubGlobal('EventSource', FakeEventSource);
});

describe('handoff context screen', () => {
  it('opens as a focused dialog with four sections and fills the assessment in live', async () => {
    const server = pickupServer(makeHandoff({ assessment: null, assessment_status: 'pending' }));
    renderApp('/sessions/s1?pickup=1');

    const dialog = await screen.findByRole('dialog', { name: 'Handoff context' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    const claimButton = within(dialog).getByRole('button', { name: 'Claim and continue' });
    expect(document.activeElement).toBe(claimButton);

    const problem = within(dialog).getByRole('region', { name: 'Problem' });
    expect(problem.textContent).toContain('Outlook stuck on “Trying to connect”');
    expect(problem.textContent).toContain('email');
    expect(problem.textContent).toContain('#12345');
    expect(problem.textContent).toContain('Contoso Dental');
    expect(problem.textContent).toContain('FD-LAPTOP-07');
    expect(problem.textContent).toContain('Terry Tech, 4 minutes ago');

    const tried = within(dialog).getByRole('region', { name: 'What has been tried' });
    expect(within(tried).getByText('Restart Outlook in safe mode')).toBeTruthy();
    expect(tried.textContent).toContain('Failed');
    expect(tried.textContent).toContain('Webmail works for the same user');
    expect(tried.textContent).toContain('Profile rebuild did not help');

    const assessment = within(dialog).getByRole('region', { name: 'Assessment' });
    expect(within(assessment).getByText('Generating assessment…')).toBeTruthy();

    const actions = within(dialog).getByRole('group', { name: 'Actions' });
    expect(
      within(actions)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Back', 'Claim and ask the assistant', 'Claim and continue']);

    server.state.handoff = makeHandoff();
    FakeEventSource.latest().emit('ready', { user_id: 'u1', last_event_id: 1 });
    FakeEventSource.latest().emit(
      'handoff_assessment_ready',
      { handoff_id: 'h1', session_id: 's1', assessment_status: 'ready' },
      '2',
    );
    expect(await within(assessment).findByText('Stale Autodiscover record')).toBeTruthy();
    expect(within(assessment).getByText('Medium confidence')).toBeTruthy();
    expect(within(assessment).getByText('Built-in knowledge match (no AI model)')).toBeTruthy();
    expect(within(assessment).getByText('Outlook connectivity')).toBeTruthy();
    expect(within(assessment).getByRole('list', { name: 'Suggested steps' }).children).toHaveLength(2);
  });

  it('says honestly when the assessment is unavailable or came from the fallback', async () => {
    pickupServer(makeHandoff({ assessment: null, assessment_status: 'unavailable' }));
    renderApp('/sessions/s1?pickup=1');
    const dialog = await screen.findByRole('dialog', { name: 'Handoff context' });
    expect(within(dialog).getByText('Assessment unavailable — work from what was tried')).toBeTruthy();
  });

  it('claims and continues: chips for the suggested steps, no ?pickup, Context reopens the screen', async () => {
    const { fetchMock } = pickupServer(
      makeHandoff({ assessment: { ...makeHandoff().assessment!, fallback: true } }),
    );
    const { router } = renderApp('/sessions/s1?pickup=1');
    const dialog = await screen.findByRole('dialog', { name: 'Handoff context' });
    expect(within(dialog).getByText('Built-in knowledge match (no AI model) (fallback)')).toBeTruthy();

    fireEvent.click(within(dialog).getByRole('button', { name: 'Claim and continue' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(router.state.location.search).toBe('');
    expect(await screen.findByText('Claimed — this session is yours now.')).toBeTruthy();

    const chips = screen.getByRole('region', { name: 'Suggested next steps' });
    fireEvent.click(within(chips).getByRole('button', { name: 'Clear cached credentials' }));
    await waitFor(() => expect(calls(fetchMock, 'POST', '/sessions/s1/steps')).toHaveLength(1));
    const index = fetchMock.mock.calls.findIndex(([url]) => String(url).endsWith('/sessions/s1/steps'));
    expect(requestBody(fetchMock, index)).toEqual({ text: 'Trying: Clear cached credentials' });

    const context = screen.getByRole('button', { name: 'Context' });
    context.focus();
    fireEvent.click(context);
    const overlay = screen.getByRole('dialog', { name: 'Handoff context' });
    expect(within(overlay).queryByRole('button', { name: 'Claim and continue' })).toBeNull();
    expect(within(overlay).getByRole('region', { name: 'Assessment' })).toBeTruthy();
    pressEscapeOnDialog();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(context);
  });

  it('claims and asks the assistant for the next step', async () => {
    const { fetchMock } = pickupServer(makeHandoff());
    renderApp('/sessions/s1?pickup=1');
    const dialog = await screen.findByRole('dialog', { name: 'Handoff context' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Claim and ask the assistant' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(calls(fetchMock, 'POST', '/handoffs/h1/claim')).toHaveLength(1);
    expect(calls(fetchMock, 'POST', '/sessions/s1/ask')).toHaveLength(1);
    expect(await screen.findByText('Claimed — the assistant has proposed the next step.')).toBeTruthy();
  });

  it('toasts who won a claim race and returns to the queue', async () => {
    const claimedAt = new Date(Date.now() - 5_000).toISOString();
    pickupServer(makeHandoff(), () =>
      json(
        {
          code: 'ALREADY_CLAIMED',
          message: 'Already claimed by Sam Senior',
          claimed_by: { id: 'u7', name: 'Sam Senior' },
          claimed_at: claimedAt,
        },
        409,
      ),
    );
    const { router } = renderApp('/sessions/s1?pickup=1');
    const dialog = await screen.findByRole('dialog', { name: 'Handoff context' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Claim and continue' }));

    expect(await screen.findByText('Already claimed by Sam Senior 5 seconds ago.')).toBeTruthy();
    await waitFor(() => expect(router.state.location.pathname).toBe('/escalations'));
  });

  it('goes Back to the queue without claiming', async () => {
    const { fetchMock } = pickupServer(makeHandoff());
    const { router } = renderApp('/sessions/s1?pickup=1');
    const dialog = await screen.findByRole('dialog', { name: 'Handoff context' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Back' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/escalations'));
    expect(calls(fetchMock, 'POST', '/handoffs/h1/claim')).toHaveLength(0);
  });
});
