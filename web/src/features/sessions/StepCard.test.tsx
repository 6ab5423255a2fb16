import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { actionStep, answered, makeView, questionStep } from '../../test/sessionFixtures';
import { json, mockApi, renderApp, requestBody, resetBetweenTests, session } from '../../test/helpers';
import type { Schemas } from '../../api/client';

type SessionView = Schemas['SessionDetail'];

resetBetweenTests();

const ANSWER = 'POST /sessions/s1/steps/st1/answer';

/** Serves GET /sessions/s1 from a mutable view so tests can move the session on. */
function serveSession(initial: SessionView, extra: Parameters<typeof mockApi>[0] = {}) {
  const state = { view: initial };
  const fetchMock = mockApi({
    'GET /me': json(session('tech')),
    'GET /sessions/s1': () => json(state.view),
    ...extra,
  });
  return { fetchMock, state };
}

function lastBody(fetchMock: ReturnType<typeof mockApi>, path: string) {
  const calls = fetchMock.mock.calls;
  for (let i = calls.length - 1; i >= 0; i--) {
    if (String(calls[i]?.[0]).endsWith(`/api/v1${path}`)) return requestBody(fetchMock, i);
  }
  throw new Error(`no call to ${path}`);
}

/** Waits until the card shows `text` (the card is re-mounted for every new step). */
async function currentStepShows(text: string) {
  await waitFor(() => within(screen.getByRole('region', { name: 'Current step' })).getByText(text));
}

const afterQuestion = makeView({}, [
  answered(questionStep(), { answer: { option: 'yes', label: 'Yes' } }),
  actionStep(),
]);

describe('current step card', () => {
  it('answers a question with an option and shows the next step', async () => {
    const { fetchMock } = serveSession(makeView(), { [ANSWER]: json(afterQuestion) });
    renderApp('/sessions/s1');

    const card = await screen.findByRole('region', { name: 'Current step' });
    expect(within(card).getByText('Does webmail work for the same user?')).toBeTruthy();
    expect(screen.getByText('Built-in knowledge match (no AI model)')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Outlook offline after update' }).getAttribute('href')).toBe(
      '/sessions/s0',
    );

    fireEvent.click(within(card).getByRole('button', { name: 'Yes' }));

    await currentStepShows('Restart Outlook in safe mode');
    expect(lastBody(fetchMock, '/sessions/s1/steps/st1/answer')).toEqual({ option: 'yes' });
    const history = screen.getByRole('list', { name: 'Session history' });
    expect(within(history).getByText('Yes')).toBeTruthy();
  });

  it('records an action outcome with the optional note', async () => {
    const done = makeView({}, [
      answered(actionStep({ id: 'st1' }), { outcome: 'failed', note: 'Still disconnected' }),
    ]);
    done.session.assistant_finished = 'exhausted';
    const { fetchMock } = serveSession(makeView({}, [actionStep({ id: 'st1' })]), { [ANSWER]: json(done) });
    renderApp('/sessions/s1');

    const card = await screen.findByRole('region', { name: 'Current step' });
    expect(within(card).getByText('outlook.exe /safe')).toBeTruthy();
    expect(within(card).getByText('Outlook opens without add-ins and connects')).toBeTruthy();
    for (const name of ['Worked', 'Failed', 'Partial', 'Not run']) {
      expect(within(card).getByRole('button', { name })).toBeTruthy();
    }
    const note = within(card).getByLabelText('Note (optional)');
    expect(document.activeElement).toBe(note);
    fireEvent.change(note, { target: { value: 'Still disconnected' } });
    fireEvent.click(within(card).getByRole('button', { name: 'Failed' }));

    expect(await screen.findByText(/no further suggestions\. Add facts, resolve, or escalate/)).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Current step' })).toBeNull();
    expect(lastBody(fetchMock, '/sessions/s1/steps/st1/answer')).toEqual({
      outcome: 'failed',
      note: 'Still disconnected',
    });
  });

  it('sends free text on Enter but not on Shift+Enter, and ignores digits typed in the field', async () => {
    const { fetchMock } = serveSession(makeView(), { [ANSWER]: json(afterQuestion) });
    renderApp('/sessions/s1');

    const card = await screen.findByRole('region', { name: 'Current step' });
    const input = within(card).getByLabelText('Or answer in your own words');
    expect(document.activeElement).toBe(input);

    fireEvent.change(input, { target: { value: 'Only on the desktop' } });
    // Digits typed into the text field are text, not shortcuts.
    fireEvent.keyDown(input, { key: '2' });
    fireEvent.keyDown(input, { key: 'Enter', shiftKey: true });
    expect(fetchMock.mock.calls.some(([url]) => String(url).includes('/answer'))).toBe(false);

    fireEvent.keyDown(input, { key: 'Enter' });
    await currentStepShows('Restart Outlook in safe mode');
    expect(lastBody(fetchMock, '/sessions/s1/steps/st1/answer')).toEqual({ text: 'Only on the desktop' });
  });

  it('picks the n-th option with number keys outside text fields', async () => {
    const { fetchMock } = serveSession(makeView(), { [ANSWER]: json(afterQuestion) });
    renderApp('/sessions/s1');
    await screen.findByRole('region', { name: 'Current step' });

    fireEvent.keyDown(document.body, { key: '2' });
    await waitFor(() =>
      expect(lastBody(fetchMock, '/sessions/s1/steps/st1/answer')).toEqual({ option: 'no' }),
    );
  });

  it('refetches and explains when the step was answered elsewhere', async () => {
    const { state } = serveSession(makeView(), {
      [ANSWER]: () => {
        state.view = afterQuestion;
        return json(
          { code: 'STEP_NOT_CURRENT', message: 'This step was answered a moment ago by someone else' },
          409,
        );
      },
    });
    renderApp('/sessions/s1');
    const card = await screen.findByRole('region', { name: 'Current step' });
    fireEvent.click(within(card).getByRole('button', { name: 'Skip' }));

    expect(await screen.findByText('This step was answered a moment ago by someone else')).toBeTruthy();
    await currentStepShows('Restart Outlook in safe mode');
  });

  it('asks before leaving with an unsent answer', async () => {
    serveSession(makeView(), { 'GET /sessions?scope=mine&limit=50': json({ items: [] }) });
    const { router } = renderApp('/sessions/s1');
    const card = await screen.findByRole('region', { name: 'Current step' });
    fireEvent.change(within(card).getByLabelText('Or answer in your own words'), {
      target: { value: 'half-typed' },
    });

    fireEvent.click(screen.getByRole('link', { name: 'Dashboard' }));
    const dialog = await screen.findByRole('dialog', { name: 'Leave this page?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(router.state.location.pathname).toBe('/sessions/s1');

    fireEvent.click(screen.getByRole('link', { name: 'Dashboard' }));
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Leave page' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
  });

  it('leads with the likely causes, each with its fix, source and a verdict', async () => {
    const withCauses = questionStep({
      content: {
        ...questionStep().content,
        likely_causes: [
          {
            id: 'runbook:outlook-connect:corrupt-ost',
            cause: 'The OST cache is damaged.',
            fix: 'Rename the OST file and restart Outlook.',
            confidence: 'high',
            source: { kind: 'runbook', id: 'outlook-connect', title: 'Outlook connectivity' },
          },
          {
            id: 'known_issue:email-stale-credentials:cause',
            cause: 'Cached credentials are stale.',
            fix: 'Remove the MicrosoftOffice entries in Credential Manager.',
            confidence: 'low',
            source: {
              kind: 'known_issue',
              id: 'email-stale-credentials',
              title: 'Password prompts after a change',
            },
          },
        ],
      },
    });
    const { fetchMock } = serveSession(makeView({}, [withCauses]), { [ANSWER]: json(afterQuestion) });
    renderApp('/sessions/s1');

    const causes = await screen.findByRole('region', { name: 'Likely causes' });
    expect(within(causes).getByText('1. The OST cache is damaged.')).toBeTruthy();
    expect(within(causes).getByText('Rename the OST file and restart Outlook.')).toBeTruthy();
    // Shipped catalogue items are named; items with a page of their own link to it.
    expect(within(causes).getByText('Password prompts after a change').tagName).not.toBe('A');
    expect(within(causes).getByRole('link', { name: 'Outlook connectivity' }).getAttribute('href')).toBe(
      '/knowledge/runbooks/outlook-connect',
    );
    expect(within(causes).getByText('high confidence')).toBeTruthy();
    expect(screen.getByText('The check that tells them apart')).toBeTruthy();

    fireEvent.click(within(causes).getByRole('button', { name: 'Not this: Cached credentials are stale.' }));
    await currentStepShows('Restart Outlook in safe mode');
    expect(lastBody(fetchMock, '/sessions/s1/steps/st1/answer')).toEqual({
      option: 'not:known_issue:email-stale-credentials:cause',
    });
  });

  it('says plainly when the built-in knowledge has no match', async () => {
    serveSession(
      makeView({}, [questionStep({ content: { ...questionStep().content, sources: [], no_match: true } })]),
    );
    renderApp('/sessions/s1');
    expect(await screen.findByText('No match in the built-in knowledge')).toBeTruthy();
    expect(screen.getByText(/a log line or the screen where it fails helps most/)).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Likely causes' })).toBeNull();
  });
});
