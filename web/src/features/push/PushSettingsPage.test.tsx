import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockApi, renderApp, resetBetweenTests, session } from '../../test/helpers';

resetBetweenTests();

const device = {
  id: 'd-phone',
  endpoint: 'https://push.example.com/send/abc',
  label: 'Chrome on Android',
  created_at: new Date(Date.now() - 2 * 24 * 3600_000).toISOString(),
  last_sent_at: null,
};

describe('push notification settings', () => {
  it('explains when this browser cannot take pushes, and lists the member’s devices', async () => {
    mockApi({
      'GET /me': json(session('engineer')),
      'GET /push/subscriptions': json({ subscriptions: [device] }),
      'GET /push/settings': json({ quiet_hours: null }),
    });
    renderApp('/settings/push');
    expect(await screen.findByText(/This browser cannot receive push notifications/)).toBeTruthy();
    const row = (await screen.findByText('Chrome on Android')).closest('tr')!;
    expect(within(row).getByText('None yet')).toBeTruthy();
    expect(within(row).getByRole('button', { name: 'Remove Chrome on Android' })).toBeTruthy();
  });

  it('saves quiet hours, and shows the server’s reason when it refuses them', async () => {
    const bodies: unknown[] = [];
    let refuse = true;
    mockApi({
      'GET /me': json(session('engineer')),
      'GET /push/subscriptions': json({ subscriptions: [] }),
      'GET /push/settings': json({ quiet_hours: null }),
      'PUT /push/settings': (init) => {
        const body = JSON.parse(String(init.body));
        bodies.push(body);
        return refuse
          ? json({ code: 'BAD_REQUEST', message: 'Quiet hours need different start and end times' }, 400)
          : json(body);
      },
    });
    renderApp('/settings/push');
    fireEvent.click(await screen.findByLabelText('Hold back pushes during quiet hours'));
    fireEvent.change(screen.getByLabelText('Time zone'), { target: { value: 'Europe/London' } });
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '07:00' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '07:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save quiet hours' }));
    expect(await screen.findByText('Quiet hours need different start and end times')).toBeTruthy();

    refuse = false;
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '22:30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save quiet hours' }));
    expect(await screen.findByText('Quiet hours saved.')).toBeTruthy();
    await waitFor(() =>
      expect(bodies.at(-1)).toEqual({
        quiet_hours: { time_zone: 'Europe/London', from: '22:30', to: '07:00' },
      }),
    );
  });
});
