import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { runbookSchema } from '../../../../../shared/knowledge';
import {
  json,
  mockApi,
  PAGE_LOAD,
  renderApp,
  requestBody,
  resetBetweenTests,
  session,
} from '../../../test/helpers';
import { makeRecord, makeRunbook } from './testFixtures';
// The routes load these pages lazily; importing them here keeps the first findBy from timing the
// transform of a cold module instead of the page.
import './RunbookEditorPage';
import './RunbookPage';
import './RunbooksPage';

resetBetweenTests();

const EDIT_URL = '/knowledge/runbooks/outlook-disconnected/edit';

function editorApi(extra: Record<string, Parameters<typeof mockApi>[0][string]> = {}) {
  return mockApi({
    'GET /me': json(session('engineer')),
    'GET /knowledge/proposals?status=pending': json({ items: [] }),
    'GET /knowledge/runbooks/outlook-disconnected': json(makeRecord()),
    ...extra,
  });
}

/** The message announced with a control: the element its aria-describedby names as the error. */
function errorOf(control: HTMLElement): string | null {
  const id = control
    .getAttribute('aria-describedby')
    ?.split(' ')
    .find((part) => part.endsWith('-error'));
  return id ? (document.getElementById(id)?.textContent ?? null) : null;
}

const step = (n: number) => screen.getByRole('group', { name: `Step ${n}` });

describe('runbook editor', () => {
  it('starts from a fixture the shared schema accepts', () => {
    expect(runbookSchema.safeParse(makeRunbook()).success).toBe(true);
  });

  it('marks a next that points at a removed step beside its select, and in the summary', async () => {
    editorApi();
    renderApp(EDIT_URL);
    await screen.findByRole('group', { name: 'Step 2' }, PAGE_LOAD);
    expect(screen.queryByRole('region', { name: /problem/ })).toBeNull();

    fireEvent.click(within(step(2)).getByRole('button', { name: 'Remove step 2' }));

    const next = within(step(1)).getByLabelText('Option 1: next step');
    expect(next.getAttribute('aria-invalid')).toBe('true');
    expect(errorOf(next)).toBe('step "rename-ost" does not exist');
    // The dangling id stays selected so the message beside it makes sense.
    expect((next as HTMLSelectElement).value).toBe('rename-ost');
    const summary = screen.getByRole('region', { name: /problems? to fix before saving/ });
    expect(summary.textContent).toContain('steps[0].options[0].next: step "rename-ost" does not exist');
    expect(summary.textContent).toContain('cause "corrupt-ost" is never reached by a resolve branch');
    // The other option is fine and says nothing.
    expect(within(step(1)).getByLabelText('Option 2: leads to').getAttribute('aria-invalid')).toBeNull();
  });

  it('marks a duplicate step id at the second step', async () => {
    editorApi();
    renderApp(EDIT_URL);
    await screen.findByRole('group', { name: 'Step 2' }, PAGE_LOAD);

    const id = within(step(2)).getByLabelText('Step id');
    fireEvent.focus(id);
    fireEvent.change(id, { target: { value: 'check-owa' } });
    fireEvent.blur(id);

    await waitFor(() => expect(errorOf(id)).toContain('duplicate id "check-owa"'));
    expect(within(step(1)).getByLabelText('Step id').getAttribute('aria-invalid')).toBeNull();
  });

  it('lets references follow a renamed step id', async () => {
    editorApi();
    renderApp(EDIT_URL);
    await screen.findByRole('group', { name: 'Step 2' }, PAGE_LOAD);

    const id = within(step(2)).getByLabelText('Step id');
    fireEvent.focus(id);
    fireEvent.change(id, { target: { value: 'rebuild-ost' } });
    fireEvent.blur(id);

    const next = within(step(1)).getByLabelText('Option 1: next step') as HTMLSelectElement;
    await waitFor(() => expect(next.value).toBe('rebuild-ost'));
    expect(screen.queryByRole('region', { name: /problems? to fix/ })).toBeNull();
  });

  it('saves the document and maps a server refusal to the field it names', async () => {
    const fetchMock = editorApi({
      'PUT /knowledge/runbooks/outlook-disconnected': json(
        {
          code: 'INVALID_RUNBOOK',
          message: 'The runbook is not valid',
          details: [{ path: 'steps.1.expected_outcome', message: 'say what the tech should see' }],
        },
        400,
      ),
    });
    renderApp(EDIT_URL);
    await screen.findByRole('group', { name: 'Step 2' }, PAGE_LOAD);

    fireEvent.change(screen.getByLabelText('Title'), { target: { value: 'Outlook offline' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save runbook' }));

    const outcome = within(step(2)).getByLabelText('Expected outcome');
    await waitFor(() => expect(errorOf(outcome)).toBe('say what the tech should see'));
    const put = fetchMock.mock.calls.findIndex(([, init]) => (init as RequestInit).method === 'PUT');
    expect(requestBody(fetchMock, put)).toEqual(makeRunbook({ title: 'Outlook offline' }));

    // The server's verdict was about that version; editing the field clears it.
    fireEvent.change(outcome, { target: { value: 'Outlook shows Connected within a minute.' } });
    expect(errorOf(outcome)).toBeNull();
  });

  it('keeps a blank new runbook quiet until the first save, then refuses it without a request', async () => {
    const fetchMock = mockApi({
      'GET /me': json(session('admin')),
      'GET /knowledge/proposals?status=pending': json({ items: [] }),
    });
    renderApp('/knowledge/runbooks/new');
    const title = await screen.findByLabelText('Title', {}, PAGE_LOAD);
    expect(title.getAttribute('aria-invalid')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Create runbook' }));

    expect(errorOf(title)).toBe('must not be empty');
    expect(screen.getByRole('region', { name: /problems to fix before saving/ })).toBeTruthy();
    expect(fetchMock.mock.calls.some(([, init]) => (init as RequestInit).method === 'POST')).toBe(false);
  });

  it('test-runs the unsaved draft', async () => {
    editorApi();
    renderApp(EDIT_URL);
    await screen.findByRole('group', { name: 'Step 2' }, PAGE_LOAD);
    fireEvent.change(screen.getByLabelText('Fix'), { target: { value: 'Rebuild the profile.' } });

    const panel = screen.getByRole('region', { name: 'Test run' });
    fireEvent.click(within(panel).getByRole('button', { name: 'Yes, webmail is fine' }));
    fireEvent.click(within(panel).getByRole('button', { name: 'Worked' }));
    expect(within(panel).getByText('Rebuild the profile.')).toBeTruthy();
  });
});
