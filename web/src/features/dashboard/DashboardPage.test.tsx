import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeQueueItem } from '../../test/handoffFixtures';
import { json, mockApi, renderApp, resetBetweenTests, session } from '../../test/helpers';
import { makeSession } from '../../test/sessionFixtures';

resetBetweenTests();

const queue = Array.from({ length: 7 }, (_, i) =>
  makeQueueItem({ id: `h${i}`, session_id: `s${i}`, problem_summary: `Waiting problem ${i}` }),
);

describe('dashboard escalation sections', () => {
  it('shows seniors the first five waiting escalations and the ones they claimed', async () => {
    mockApi({
      'GET /me': json(session('engineer')),
      'GET /notifications?limit=20': json({ items: [], unread_count: 0 }),
      'GET /sessions?scope=mine&limit=50': json({ items: [] }),
      'GET /sessions?scope=account&limit=5&status=resolved': json({ items: [] }),
      'GET /handoffs/queue': json({ items: queue }),
      'GET /sessions?scope=account&limit=100&status=escalated': json({
        items: [
          makeSession({
            id: 'm1',
            status: 'escalated',
            escalated_to_id: 'u1',
            problem_summary: 'Mine to fix',
          }),
          makeSession({
            id: 'o1',
            status: 'escalated',
            escalated_to_id: 'u9',
            problem_summary: 'Someone else',
          }),
        ],
      }),
    });
    renderApp('/');

    const waiting = await screen.findByRole('list', { name: 'Waiting escalations' });
    const links = within(waiting).getAllByRole('link');
    expect(links).toHaveLength(5);
    expect(links[0]?.getAttribute('href')).toBe('/sessions/s0?pickup=1');
    expect(screen.getByRole('link', { name: 'All 7 in the queue' }).getAttribute('href')).toBe(
      '/escalations',
    );

    const claimed = await screen.findByRole('list', { name: 'Escalations I claimed' });
    expect(within(claimed).getByText('Mine to fix')).toBeTruthy();
    expect(within(claimed).queryByText('Someone else')).toBeNull();
  });

  it('does not show escalation sections to techs', async () => {
    mockApi({
      'GET /me': json(session('tech')),
      'GET /notifications?limit=20': json({ items: [], unread_count: 0 }),
      'GET /sessions?scope=mine&limit=50': json({ items: [] }),
      'GET /sessions?scope=account&limit=5&status=resolved': json({ items: [] }),
    });
    renderApp('/');
    await screen.findByRole('heading', { name: 'My sessions' });
    expect(screen.queryByRole('heading', { name: 'Waiting escalations' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Escalations I claimed' })).toBeNull();
  });
});
