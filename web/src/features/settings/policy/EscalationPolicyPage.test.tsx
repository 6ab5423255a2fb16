import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ESCALATION_POLICY } from '../../../../../shared/escalation-policy';
import type { Schemas } from '../../../api/client';
import { json, mockApi, renderApp, requestBody, resetBetweenTests, session } from '../../../test/helpers';

type Member = Schemas['Member'];

resetBetweenTests();

const member = (id: string, name: string, role: Member['role'], is_active = true): Member => ({
  id,
  email: `${id}@example.com`,
  name,
  role,
  is_active,
  created_at: '2025-01-01T00:00:00Z',
  last_login_at: null,
});

const members = [
  member('u1', 'Alex Admin', 'admin'),
  member('3f1c2a9e-1111-4a2b-9c3d-000000000003', 'Dana Engineer', 'engineer'),
  member('u4', 'Tom Tech', 'tech'),
  member('u5', 'Gone Engineer', 'engineer', false),
];
const dana = members[1]!.id;
const defaults = {
  policy: { ...DEFAULT_ESCALATION_POLICY, is_default: true, updated_at: null, updated_by: null },
};

const group = (name: string, scope: HTMLElement = document.body) =>
  within(scope).getByRole('group', { name });

describe('escalation policy settings', () => {
  it('lets an admin change a level, name a person, pick channels, set a claim timeout and save', async () => {
    const fetchMock = mockApi({
      'GET /me': json(session('admin')),
      'GET /members': json({ items: members }),
      'GET /escalation-policy': json(defaults),
      'PUT /escalation-policy': (init) =>
        json({
          policy: {
            ...JSON.parse(String(init.body)),
            is_default: false,
            updated_at: '2030-01-01T10:00:00Z',
            updated_by: { id: 'u1', name: 'Alex Admin' },
          },
        }),
    });
    renderApp('/settings/escalation-policy');
    expect(await screen.findByText(/uses the default policy/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Escalation policy' }).getAttribute('aria-current')).toBe('page');

    const level1 = group('Level 1');
    fireEvent.change(within(level1).getByLabelText('Wait (minutes)'), { target: { value: '15' } });
    // Only active senior members can be named; the tech and the deactivated engineer are not offered.
    const picker = within(level1).getByLabelText('Also notify a person') as HTMLSelectElement;
    expect([...picker.options].map((o) => o.text)).toEqual([
      'Choose a member…',
      'Alex Admin',
      'Dana Engineer',
    ]);
    fireEvent.change(picker, { target: { value: dana } });
    expect(within(level1).getByRole('button', { name: 'Remove Dana Engineer from level 1' })).toBeTruthy();
    const channels = group('Channels', level1);
    for (const name of ['Email', 'Microsoft Teams', 'Webhook'])
      fireEvent.click(within(channels).getByLabelText(name));
    fireEvent.click(screen.getByLabelText('Remind when a claim sits idle'));
    fireEvent.change(screen.getByLabelText('Claim timeout (minutes)'), { target: { value: '20' } });
    fireEvent.change(screen.getByLabelText('P1 waits (% of the normal wait)'), { target: { value: '25' } });

    const schedule = screen.getByRole('list', { name: 'Escalation schedule' });
    expect(schedule.textContent).toContain('+15 min');
    expect(schedule.textContent).toContain(
      'Level 1 notifies Admins, Owners and Dana Engineer by In-app bell, Slack.',
    );
    expect(schedule.textContent).toContain('P1: +3.75 min');

    fireEvent.click(screen.getByRole('button', { name: 'Save policy' }));
    expect(await screen.findByText(/Escalation policy saved/)).toBeTruthy();
    const put = fetchMock.mock.calls.findIndex(([, init]) => (init as RequestInit).method === 'PUT');
    expect(requestBody(fetchMock, put)).toEqual({
      ...DEFAULT_ESCALATION_POLICY,
      levels: [
        DEFAULT_ESCALATION_POLICY.levels[0],
        { after_minutes: 15, notify: ['admin', 'owner', dana], channels: ['in_app', 'slack'] },
      ],
      p1_factor: 0.25,
      claim_timeout_minutes: 20,
    });
    expect(await screen.findByText(/Last changed by Alex Admin/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Save policy' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('adds and removes levels and shows the server’s reason next to the field it refused', async () => {
    mockApi({
      'GET /me': json(session('owner')),
      'GET /members': json({ items: members }),
      'GET /escalation-policy': json(defaults),
      'PUT /escalation-policy': json(
        {
          code: 'VALIDATION_ERROR',
          message: 'Invalid request: levels.2.notify: name at least one role or member to notify',
          details: [{ path: 'levels.2.notify', message: 'name at least one role or member to notify' }],
        },
        400,
      ),
    });
    renderApp('/settings/escalation-policy');
    fireEvent.click(await screen.findByRole('button', { name: 'Add level' }));
    const level2 = group('Level 2');
    for (const name of ['Admins', 'Owners'])
      fireEvent.click(within(group('Notify', level2)).getByLabelText(name));
    fireEvent.click(screen.getByRole('button', { name: 'Save policy' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'name at least one role or member to notify',
    );
    expect(within(level2).getByText('name at least one role or member to notify')).toBeTruthy();
    fireEvent.click(within(level2).getByRole('button', { name: 'Remove level 2' }));
    expect(screen.queryByRole('group', { name: 'Level 2' })).toBeNull();
  });

  it('is read-only below admin', async () => {
    mockApi({
      'GET /me': json(session('engineer')),
      'GET /members': json({ items: members }),
      'GET /escalation-policy': json({
        policy: {
          ...defaults.policy,
          levels: [
            DEFAULT_ESCALATION_POLICY.levels[0],
            { after_minutes: 5, notify: [dana], channels: ['in_app'] },
          ],
          is_default: false,
          updated_at: '2030-01-01T10:00:00Z',
          updated_by: { id: 'u1', name: 'Alex Admin' },
        },
      }),
    });
    renderApp('/settings/escalation-policy');
    expect(await screen.findByText(/Only admins and owners can change the escalation policy/)).toBeTruthy();
    // Every control sits in a disabled fieldset, which the browser renders and announces as disabled.
    expect(
      within(group('Level 1')).getByLabelText('Wait (minutes)').closest('fieldset[disabled]'),
    ).not.toBeNull();
    expect(screen.queryByRole('button', { name: 'Save policy' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add level' })).toBeNull();
    expect(screen.queryByLabelText('Also notify a person')).toBeNull();
    expect(screen.getByRole('list', { name: 'Escalation schedule' }).textContent).toContain(
      'Level 1 notifies Dana Engineer by In-app bell.',
    );
  });
});
