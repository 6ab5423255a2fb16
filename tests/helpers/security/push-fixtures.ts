import { randomBytes } from 'node:crypto';
import { newDeviceKeys } from '../fake-push-service';
import { ok, type Fixture } from './permission-world';

/** A browser subscription as pushManager.subscribe() gives it, at a push service never called. */
export const pushSubscriptionBody = () => ({
  endpoint: `https://push.example.com/send/${randomBytes(12).toString('hex')}`,
  keys: newDeviceKeys(),
});

// Permission fixtures for web push (SPEC §15): every member manages their own devices.
export const PUSH_FIXTURES = {
  pushSubscription: async () => ({ body: { ...pushSubscriptionBody(), label: 'Phone' } }),
  /** A device of the tech author: only they may remove it, everyone else is told it does not exist. */
  authorsPushDevice: async (w) => {
    const res = await ok(w.setup.techAuthor.post('/api/v1/push/subscriptions', pushSubscriptionBody()), 201);
    return { params: { id: res.subscription.id }, author: w.users.techAuthor };
  },
  pushSettings: async () => ({
    body: { quiet_hours: { time_zone: 'Europe/London', from: '22:00', to: '07:00' } },
  }),
} satisfies Record<string, Fixture>;
