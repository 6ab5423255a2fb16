import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  json,
  mockApi,
  PAGE_LOAD,
  renderApp,
  requestBody,
  resetBetweenTests,
  session,
} from '../../test/helpers';
import { findCall, makeArticle, makeProposal } from './testFixtures';

resetBetweenTests();

const runbookProposal = makeProposal({
  id: 'p2',
  kind: 'runbook',
  title: 'Mapped drive disconnects',
  body: undefined,
  runbook: {
    id: 'mapped-drive-disconnects',
    title: 'Mapped drive disconnects',
    causes: [{ id: 'smb1', text: 'SMB1 disabled on the NAS', fix: 'Enable SMB2 on the NAS' }],
    steps: [{ id: 'check', kind: 'action', text: 'Check the SMB version', command: 'Get-SmbConnection' }],
  },
  source_session_ids: ['9a9a9a9a-0000-4000-8000-000000000009'],
});

describe('knowledge proposals', () => {
  it('shows each draft with its sources and a pending count, and approves an article with edits', async () => {
    const approved = makeArticle({ id: 'a42', title: 'Printer offline after a driver update' });
    const fetchMock = mockApi({
      'GET /me': json(session('admin')),
      'GET /knowledge/proposals?status=pending': json({ items: [makeProposal(), runbookProposal] }),
      'POST /knowledge/proposals/p1/approve': json(
        { proposal: { ...makeProposal(), status: 'approved' }, article: approved },
        201,
      ),
      'GET /knowledge/articles/a42': json({ article: approved, revisions: [] }),
    });
    const { router } = renderApp('/knowledge/proposals');

    const list = await screen.findByRole('list', { name: 'Pending proposals' }, PAGE_LOAD);
    const proposals = within(list)
      .getAllByRole('listitem')
      .filter((li) => li.parentElement === list);
    expect(proposals).toHaveLength(2);
    const article = screen.getByRole('listitem', { name: 'Printer offline after driver update' });
    expect(within(article).getByText('Article')).toBeTruthy();
    // The draft is rendered Markdown, and stored HTML in it stays text.
    expect(within(article).getByText('v4').tagName).toBe('STRONG');
    expect(article.querySelector('script')).toBeNull();
    expect(article.textContent).toContain('<script>alert(1)</script>');
    const sources = within(article).getByRole('list', { name: 'Source sessions' });
    expect(
      within(sources)
        .getAllByRole('link')
        .map((a) => a.getAttribute('href')),
    ).toEqual([
      '/sessions/5e55a0f1-0000-4000-8000-000000000001',
      '/sessions/5e55a0f1-0000-4000-8000-000000000002',
    ]);

    const runbook = screen.getByRole('listitem', { name: 'Mapped drive disconnects' });
    expect(within(runbook).getByText('Runbook')).toBeTruthy();
    expect(runbook.textContent).toContain('SMB1 disabled on the NAS');
    expect(runbook.textContent).toContain('Get-SmbConnection');

    const sections = screen.getByRole('navigation', { name: 'Knowledge sections' });
    expect(within(sections).getByRole('link', { name: /Proposals/ }).textContent).toContain(
      '2 waiting for review',
    );

    fireEvent.click(within(article).getByRole('button', { name: /^Approve/ }));
    const dialog = screen.getByRole('dialog', { name: 'Approve proposal' });
    const title = within(dialog).getByLabelText('Title') as HTMLInputElement;
    expect(title.value).toBe('Printer offline after driver update');
    fireEvent.change(title, { target: { value: 'Printer offline after a driver update' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Approve article' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/knowledge/articles/a42'));
    expect(requestBody(fetchMock, findCall(fetchMock, 'POST', '/knowledge/proposals/p1/approve'))).toEqual({
      title: 'Printer offline after a driver update',
    });
  });

  it('approves a runbook from edited JSON and opens the new runbook', async () => {
    const fetchMock = mockApi({
      'GET /me': json(session('owner')),
      'GET /knowledge/proposals?status=pending': json({ items: [runbookProposal] }),
      'POST /knowledge/proposals/p2/approve': json(
        {
          proposal: { ...runbookProposal, status: 'approved' },
          runbook: { id: 'rb-7', title: 'Mapped drives' },
        },
        201,
      ),
    });
    const { router } = renderApp('/knowledge/proposals');
    fireEvent.click(await screen.findByRole('button', { name: /^Approve/ }, PAGE_LOAD));
    const dialog = screen.getByRole('dialog', { name: 'Approve proposal' });
    const json_ = within(dialog).getByLabelText('Runbook (JSON)') as HTMLTextAreaElement;

    fireEvent.change(json_, { target: { value: '{ "title": ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Approve runbook' }));
    expect(within(dialog).getByText(/not valid JSON/)).toBeTruthy();
    expect(findCall(fetchMock, 'POST', '/knowledge/proposals/p2/approve')).toBe(-1);

    const edited = { ...runbookProposal.runbook, title: 'Mapped drives' };
    fireEvent.change(json_, { target: { value: JSON.stringify(edited) } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Approve runbook' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/knowledge/runbooks/rb-7'));
    expect(requestBody(fetchMock, findCall(fetchMock, 'POST', '/knowledge/proposals/p2/approve'))).toEqual({
      runbook: edited,
    });
  });

  it('dismisses a proposal', async () => {
    let pending = [makeProposal(), runbookProposal];
    const fetchMock = mockApi({
      'GET /me': json(session('admin')),
      'GET /knowledge/proposals?status=pending': () => json({ items: pending }),
      'POST /knowledge/proposals/p1/dismiss': () => {
        pending = pending.filter((p) => p.id !== 'p1');
        return json({ proposal: { id: 'p1', status: 'dismissed' } });
      },
    });
    renderApp('/knowledge/proposals');
    const article = await screen.findByRole(
      'listitem',
      { name: 'Printer offline after driver update' },
      PAGE_LOAD,
    );
    fireEvent.click(within(article).getByRole('button', { name: /^Dismiss/ }));
    await waitFor(() => expect(screen.queryByText('Printer offline after driver update')).toBeNull());
    expect(findCall(fetchMock, 'POST', '/knowledge/proposals/p1/dismiss')).toBeGreaterThan(-1);
    expect(screen.getByRole('listitem', { name: 'Mapped drive disconnects' })).toBeTruthy();
  });

  it('shows everyone else a read-only list', async () => {
    mockApi({
      'GET /me': json(session('tech')),
      'GET /knowledge/proposals?status=pending': json({ items: [makeProposal()] }),
    });
    renderApp('/knowledge/proposals');
    expect(await screen.findByText('Printer offline after driver update', {}, PAGE_LOAD)).toBeTruthy();
    expect(screen.getByText(/Admins and owners approve or dismiss proposals/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Approve/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /Dismiss/ })).toBeNull();
  });
});
