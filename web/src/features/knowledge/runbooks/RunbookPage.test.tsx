import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockApi, PAGE_LOAD, renderApp, resetBetweenTests, session } from '../../../test/helpers';
import { makeRecord, makeRunbook } from './testFixtures';
// The routes load these pages lazily; importing them here keeps the first findBy from timing the
// transform of a cold module instead of the page.
import './RunbookEditorPage';
import './RunbookPage';
import './RunbooksPage';

resetBetweenTests();

const URL_PATH = '/knowledge/runbooks/outlook-disconnected';
const API_PATH = 'GET /knowledge/runbooks/outlook-disconnected';
const proposals = { 'GET /knowledge/proposals?status=pending': json({ items: [] }) };

describe('runbook page', () => {
  it('shows the tree and walks it: next, then resolve with the fix', async () => {
    mockApi({ 'GET /me': json(session('tech')), [API_PATH]: json(makeRecord()) });
    renderApp(URL_PATH);

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Outlook stuck Disconnected' }, PAGE_LOAD),
    ).toBeTruthy();
    const tree = screen.getByRole('list', { name: 'Steps' });
    // The action hangs under the answer that leads to it.
    const yes = within(tree).getByRole('list', { name: 'Answers to check-owa' });
    expect(within(yes).getByText('Rename the OST file and restart Outlook.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Fix Outlook connection problems' }).getAttribute('href')).toBe(
      'https://support.microsoft.com/outlook',
    );

    const panel = screen.getByRole('region', { name: 'Test run' });
    expect(within(panel).getByText('Can the user read mail in Outlook on the web?')).toBeTruthy();
    fireEvent.click(within(panel).getByRole('button', { name: 'Yes, webmail is fine' }));
    expect(within(panel).getByLabelText('Command').textContent).toBe('ren user.ost user.ost.old');
    fireEvent.click(within(panel).getByRole('button', { name: 'Worked' }));

    expect(within(panel).getByText('The local OST cache is damaged.')).toBeTruthy();
    expect(within(panel).getByText('Rename the OST file and restart Outlook.')).toBeTruthy();
    const trail = within(panel).getByRole('list', { name: 'Answers so far' });
    expect(trail.textContent).toContain('Yes, webmail is fine');
    expect(trail.textContent).toContain('Worked');

    fireEvent.click(within(panel).getByRole('button', { name: 'Restart' }));
    fireEvent.click(within(panel).getByRole('button', { name: 'No, webmail fails too' }));
    expect(within(panel).getByText(/contradicts the runbook/)).toBeTruthy();
  });

  it('shows a viewer no edit, fork or delete buttons, only exports', async () => {
    mockApi({ 'GET /me': json(session('viewer')), [API_PATH]: json(makeRecord()) });
    renderApp(URL_PATH);
    const actions = await screen.findByRole('group', { name: 'Runbook actions' }, PAGE_LOAD);
    expect(within(actions).queryByRole('link', { name: 'Edit' })).toBeNull();
    expect(within(actions).queryByRole('button', { name: 'Delete' })).toBeNull();
    expect(within(actions).queryByRole('button', { name: 'Fork' })).toBeNull();
    expect(within(actions).getByRole('button', { name: 'Export YAML' })).toBeTruthy();
    expect(within(actions).getByRole('button', { name: 'Export JSON' })).toBeTruthy();
  });

  it('sends a viewer who opens the editor by URL away with an explanation', async () => {
    mockApi({ 'GET /me': json(session('viewer')) });
    renderApp(`${URL_PATH}/edit`);
    expect(await screen.findByText('Runbook editing is not available to you', {}, PAGE_LOAD)).toBeTruthy();
  });

  it('forks a shipped runbook and opens the editor of the copy', async () => {
    let forked = false;
    const fetchMock = mockApi({
      'GET /me': json(session('engineer')),
      ...proposals,
      [API_PATH]: () =>
        json(
          makeRecord({
            origin: forked ? 'account' : 'shipped',
            forked_from: forked ? 'outlook-disconnected' : null,
          }),
        ),
      'POST /knowledge/runbooks/outlook-disconnected/fork': () => {
        forked = true;
        return json({ runbook: makeRunbook(), origin: 'account' }, 201);
      },
    });
    const { router } = renderApp(URL_PATH);

    const actions = await screen.findByRole('group', { name: 'Runbook actions' }, PAGE_LOAD);
    expect(within(actions).queryByRole('link', { name: 'Edit' })).toBeNull();
    fireEvent.click(within(actions).getByRole('button', { name: 'Fork' }));

    await waitFor(() => expect(router.state.location.pathname).toBe(`${URL_PATH}/edit`), PAGE_LOAD);
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Edit Outlook stuck Disconnected' }, PAGE_LOAD),
    ).toBeTruthy();
    expect((screen.getByLabelText('Id') as HTMLInputElement).readOnly).toBe(true);
    expect(fetchMock.mock.calls.some(([, init]) => (init as RequestInit).method === 'POST')).toBe(true);
  });

  it('deletes an account runbook after confirmation', async () => {
    mockApi({
      'GET /me': json(session('admin')),
      ...proposals,
      [API_PATH]: json(makeRecord()),
      'DELETE /knowledge/runbooks/outlook-disconnected': json(null, 204),
      'GET /knowledge/runbooks': json({ items: [] }),
    });
    const { router } = renderApp(URL_PATH);
    const actions = await screen.findByRole('group', { name: 'Runbook actions' }, PAGE_LOAD);
    fireEvent.click(within(actions).getByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete runbook?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete runbook' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/knowledge/runbooks'), PAGE_LOAD);
  });
});
