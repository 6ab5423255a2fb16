import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Schemas } from '../../api/client';
import { json, mockApi, renderApp, requestBody, resetBetweenTests, session } from '../../test/helpers';
import { makeView } from '../../test/sessionFixtures';

type Member = Schemas['Member'];

resetBetweenTests();

function member(id: string, name: string, role: Member['role'], is_active = true): Member {
  return {
    id,
    email: `${id}@example.com`,
    name,
    role,
    is_active,
    created_at: '2025-01-01T00:00:00Z',
    last_login_at: null,
  };
}

const members = [
  member('u1', 'Alex Admin', 'tech'), // me
  member('u3', 'Sam Senior', 'engineer'),
  member('u4', 'Olive Owner', 'owner'),
  member('u5', 'Tina Tech', 'tech'),
  member('u6', 'Gone Senior', 'engineer', false),
];

function setup(handoffReply: Response = json({ handoff: { id: 'h1' } }, 201)) {
  const fetchMock = mockApi({
    'GET /me': json(session('tech')),
    'GET /notifications?limit=20': json({ items: [], unread_count: 0 }),
    'GET /sessions/s1': json(makeView({ priority: 'p2' })),
    'GET /members': json({ items: members }),
    'POST /sessions/s1/handoffs': handoffReply,
    'GET /sessions?scope=mine&limit=50': json({ items: [] }),
    'GET /sessions?scope=account&limit=5&status=resolved': json({ items: [] }),
  });
  const result = renderApp('/sessions/s1');
  return { ...result, fetchMock };
}

async function openDialog() {
  fireEvent.click(await screen.findByRole('button', { name: 'Escalate' }));
  return screen.getByRole('dialog', { name: 'Escalate session' });
}

const postIndex = (fetchMock: ReturnType<typeof mockApi>) =>
  fetchMock.mock.calls.findIndex(
    ([url, init]) => String(url).endsWith('/handoffs') && (init as RequestInit).method === 'POST',
  );

describe('escalate dialog', () => {
  it('keeps Shift+Enter as a new line and sends on Enter, then returns to the dashboard', async () => {
    const { fetchMock, router } = setup();
    const dialog = await openDialog();
    const notes = within(dialog).getByLabelText('Notes') as HTMLTextAreaElement;
    expect(document.activeElement).toBe(notes);
    expect((within(dialog).getByLabelText('Priority') as HTMLSelectElement).value).toBe('p2');

    // Only senior, active teammates other than me can be picked.
    const teammate = within(dialog).getByLabelText('Teammate (optional)') as HTMLSelectElement;
    await waitFor(() => expect(teammate.options).toHaveLength(3));
    expect([...teammate.options].map((o) => o.textContent)).toEqual([
      'Anyone — notify the senior engineers',
      'Olive Owner (Owner)',
      'Sam Senior (Engineer)',
    ]);
    fireEvent.change(teammate, { target: { value: 'u3' } });
    fireEvent.change(within(dialog).getByLabelText('Priority'), { target: { value: 'p1' } });

    fireEvent.change(notes, { target: { value: 'Tried safe mode' } });
    const shiftEnterKept = fireEvent.keyDown(notes, { key: 'Enter', shiftKey: true });
    expect(shiftEnterKept).toBe(true); // not prevented: the browser inserts the line break
    expect(postIndex(fetchMock)).toBe(-1);

    fireEvent.change(notes, { target: { value: 'Tried safe mode\nUser is the CFO' } });
    const enterKept = fireEvent.keyDown(notes, { key: 'Enter' });
    expect(enterKept).toBe(false);

    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
    expect(requestBody(fetchMock, postIndex(fetchMock))).toEqual({
      intent: 'escalate',
      priority: 'p1',
      engineer_notes: 'Tried safe mode\nUser is the CFO',
      target_user_id: 'u3',
    });
    expect(await screen.findByText('Escalated — seniors have been notified')).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('shows a refusal inside the dialog', async () => {
    setup(json({ code: 'INVALID_TRANSITION', message: 'Cannot hand off a session that is resolved' }, 409));
    const dialog = await openDialog();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Send escalation' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain(
      'Cannot hand off a session that is resolved',
    );
  });

  it('parks instead, privately', async () => {
    const { fetchMock, router } = setup();
    const dialog = await openDialog();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Park instead' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
    expect(requestBody(fetchMock, postIndex(fetchMock))).toEqual({ intent: 'park', priority: 'p2' });
  });
});
