import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockApi, PAGE_LOAD, renderApp, resetBetweenTests, session } from '../../test/helpers';
import { makeAnalytics } from './testFixtures';

resetBetweenTests();

const gaps = {
  items: [
    {
      label: 'Outlook search returns nothing',
      sessions: 5,
      escalated: 3,
      best_match: 0.284,
      example_session_ids: ['s1', 's2', 's3', 's4'],
      suggested_title: 'Outlook search index rebuild',
    },
    {
      label: 'Scanner to email fails',
      sessions: 1,
      escalated: 0,
      best_match: null,
      example_session_ids: ['s9'],
      suggested_title: null,
    },
  ],
};

const gapsCard = () =>
  screen.getByRole('heading', { name: 'Knowledge gaps' }).closest('section') as HTMLElement;

describe('KnowledgeGapsCard', () => {
  it('lists each gap with counts, best match, examples and a pre-filled “write an article” link', async () => {
    mockApi({
      'GET /me': json(session('engineer')),
      'GET /analytics/escalations?period=7d': json(makeAnalytics()),
      'GET /analytics/knowledge-gaps?period=7d': json(gaps),
    });
    renderApp('/analytics?period=7d');
    const outlook = (
      await screen.findByRole('heading', { name: 'Outlook search returns nothing' }, PAGE_LOAD)
    ).closest('li') as HTMLElement;
    expect(outlook.textContent).toContain('5 sessions, 3 escalated');
    expect(outlook.textContent).toContain('best match 28%');
    const examples = within(outlook).getByRole('list', { name: /Example sessions/ });
    expect(
      within(examples)
        .getAllByRole('link')
        .map((a) => a.getAttribute('href')),
    ).toEqual(['/sessions/s1', '/sessions/s2', '/sessions/s3']);
    expect(
      within(outlook)
        .getByRole('link', { name: /Write an article/ })
        .getAttribute('href'),
    ).toBe('/knowledge/articles/new?title=Outlook+search+index+rebuild');

    const scanner = within(gapsCard())
      .getByRole('heading', { name: 'Scanner to email fails' })
      .closest('li') as HTMLElement;
    expect(scanner.textContent).toContain('1 session, 0 escalated');
    expect(scanner.textContent).toContain('best match none');
    // Without a suggested title, the cluster's label becomes the title.
    expect(
      within(scanner)
        .getByRole('link', { name: /Write an article/ })
        .getAttribute('href'),
    ).toBe('/knowledge/articles/new?title=Scanner+to+email+fails');
  });

  it('follows the page’s period and says when there are no gaps', async () => {
    mockApi({
      'GET /me': json(session('admin')),
      'GET /analytics/escalations?period=30d': json(makeAnalytics()),
      'GET /analytics/escalations?period=90d': json(makeAnalytics()),
      'GET /analytics/knowledge-gaps?period=30d': json(gaps),
      'GET /analytics/knowledge-gaps?period=90d': json({ items: [] }),
    });
    renderApp('/analytics');
    expect(await screen.findByText('Outlook search returns nothing', {}, PAGE_LOAD)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '90 days' }));
    await waitFor(() =>
      expect(gapsCard().textContent).toContain('No gaps: every recent session had a good match.'),
    );
  });
});
