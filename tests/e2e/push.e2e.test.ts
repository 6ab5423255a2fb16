import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserSuite,
  DEMO_PASSWORD,
  formatAxe,
  seriousAxeViolations,
  UI_TIMEOUT,
  USERS,
} from '../helpers/e2e';
import { startFakePushService, type FakePushService } from '../helpers/fake-push-service';
import { newEscalation } from '../helpers/sessions';
import { TestClient } from '../helpers/test-client';
import { waitUntil } from '../helpers/wait-until';

/**
 * The installable app and web push in Chromium (SPEC §15). Headless Chromium has no push service
 * of its own (it would need Google's), so the one thing stood in for is the browser's
 * `pushManager`: it hands out a subscription at the local push service, with keys the test made.
 * Everything else is real: permission granted to the context, the service worker served and
 * registered under the page's CSP, the opt-in through the settings page, the server's encrypted
 * push to the push service (which checks and decrypts it), and that payload delivered to the
 * service worker (DevTools' ServiceWorker.deliverPushMessage), which shows the notification.
 */
describe('web push in Chromium', () => {
  let push: FakePushService;
  beforeAll(async () => {
    push = await startFakePushService();
  });
  afterAll(async () => {
    await push?.close();
  });
  // The local push service listens on 127.0.0.1: a private address the server refuses unless allowed.
  const suite = browserSuite({ ALLOW_PRIVATE_WEBHOOKS: 'true' });

  it('serves the manifest, its icons and the service worker with the headers they need', async () => {
    const base = suite.server.url;
    const manifest = await fetch(`${base}/manifest.webmanifest`);
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
    const body = await manifest.json();
    expect(body).toMatchObject({ name: 'ResolutionFlow', start_url: '/', display: 'standalone' });
    const sizes = body.icons.map((i: { sizes: string }) => i.sizes);
    expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of body.icons) {
      const res = await fetch(`${base}${icon.src}`);
      expect(res.status, icon.src).toBe(200);
      expect(res.headers.get('content-type'), icon.src).toBe('image/png');
    }
    const worker = await fetch(`${base}/sw.js`);
    expect(worker.status).toBe(200);
    expect(worker.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(worker.headers.get('cache-control')).toBe('no-cache');
    expect(worker.headers.get('content-security-policy')).toContain("default-src 'self'");
    const page = await fetch(`${base}/`);
    expect(await page.text()).toContain('<link rel="manifest" href="/manifest.webmanifest"');
  });

  it('registers the worker, turns push on from the settings, and shows a pushed escalation', async () => {
    const device = push.device();
    const { context, page } = await suite.signIn(USERS.senior, '/', { permissions: ['notifications'] });
    suite.contexts.push(context);
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/content security policy/i.test(m.text())) violations.push(m.text());
    });
    await context.addInitScript(stubPushManager, device.subscription);

    // The worker registered on load, for the whole app.
    await page.goto('/settings/push');
    await page.getByRole('heading', { name: 'This device' }).waitFor({ timeout: UI_TIMEOUT });
    const registration = await page.evaluate(async () => {
      const r = await navigator.serviceWorker.ready;
      return { scope: r.scope, script: r.active?.scriptURL ?? '' };
    });
    expect(registration).toEqual({ scope: `${suite.server.url}/`, script: `${suite.server.url}/sw.js` });

    const status = page.locator('[data-push-status]').first();
    await waitUntil(
      'the device to show push as off',
      async () => (await status.getAttribute('data-push-status')) === 'off',
      UI_TIMEOUT,
    );
    expect(
      await seriousAxeViolations(page),
      formatAxe('push settings', await seriousAxeViolations(page)),
    ).toEqual([]);
    await page.getByRole('button', { name: 'Turn on push on this device' }).click();
    await page.getByText('Push notifications are on for this device').waitFor({ timeout: UI_TIMEOUT });
    await page.getByRole('table', { name: 'Devices that receive push notifications' }).waitFor();
    expect(await page.getByRole('cell', { name: /Chrome on Linux|Chrome/ }).count()).toBeGreaterThan(0);

    // Quiet hours are saved and read back.
    await page.getByLabel('Hold back pushes during quiet hours').check();
    await page.getByLabel('Time zone').selectOption('Europe/London');
    await page.getByLabel('From').fill('23:00');
    await page.getByLabel('To').fill('06:30');
    await page.getByRole('button', { name: 'Save quiet hours' }).click();
    await page.getByText('Quiet hours saved.').waitFor({ timeout: UI_TIMEOUT });
    const sam = await TestClient.signIn(suite.server.url, USERS.senior, DEMO_PASSWORD);
    expect((await sam.get('/api/v1/push/settings')).body).toEqual({
      quiet_hours: { time_zone: 'Europe/London', from: '23:00', to: '06:30' },
    });
    // Quiet hours off again, so the escalation below comes through whatever the time.
    await page.getByLabel('Hold back pushes during quiet hours').uncheck();
    await page.getByRole('button', { name: 'Save quiet hours' }).click();
    await page.getByText('Quiet hours turned off.').waitFor({ timeout: UI_TIMEOUT });

    // A tech escalates; the server pushes to this device's push service, which decrypts it.
    const tech = await TestClient.signIn(suite.server.url, USERS.tech, DEMO_PASSWORD);
    const { handoffId, sessionId } = await newEscalation(
      tech,
      'Scanner to email fails for the whole Baker Legal office',
    );
    const received = await waitUntil(
      'the push to reach the push service',
      () => device.received().find((r) => r.payload.handoff_id === handoffId),
      20_000,
    );
    expect(push.rejected()).toEqual([]);
    const payload = received.payload;
    expect(payload.title).toMatch(/^Escalation from Theo Tech/);
    expect(payload.url).toBe(`${suite.server.url}/sessions/${sessionId}?pickup=1`);

    // The decrypted payload, handed to the service worker as the browser's push service would.
    await deliverToServiceWorker(page, suite.server.url, JSON.stringify(payload));
    const shown = await waitForNotification(page, payload.tag);
    expect(shown).toMatchObject({ title: payload.title, body: payload.body, url: payload.url });
    expect(violations).toEqual([]);

    // Turning push off removes the device.
    await page.getByRole('button', { name: 'Turn off push on this device' }).click();
    await page.getByText('Push notifications are off on this device.').waitFor({ timeout: UI_TIMEOUT });
    expect((await sam.get('/api/v1/push/subscriptions')).body.subscriptions).toEqual([]);
  });
});

/**
 * Runs in the page before the app: a pushManager whose subscription points at the local push
 * service, with the keys the test holds. Only subscribe/getSubscription are replaced; the service
 * worker registration itself is the browser's.
 */
function stubPushManager(sub: { endpoint: string; keys: { p256dh: string; auth: string } }) {
  const bytes = (b64url: string) => {
    const b64 = b64url.replace(/-/g, '+').replace(/_/g, '/');
    const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0)).buffer;
  };
  let current: unknown = null;
  const make = (key: ArrayBuffer) => ({
    endpoint: sub.endpoint,
    expirationTime: null,
    options: { applicationServerKey: key, userVisibleOnly: true },
    getKey: (name: string) => bytes(name === 'p256dh' ? sub.keys.p256dh : sub.keys.auth),
    toJSON: () => ({ endpoint: sub.endpoint, expirationTime: null, keys: sub.keys }),
    unsubscribe: async () => {
      current = null;
      return true;
    },
  });
  PushManager.prototype.subscribe = async function (options?: PushSubscriptionOptionsInit) {
    const key = options?.applicationServerKey;
    current = make(key instanceof ArrayBuffer ? key : ((key as Uint8Array).buffer as ArrayBuffer));
    return current as PushSubscription;
  };
  PushManager.prototype.getSubscription = async function () {
    return current as PushSubscription | null;
  };
}

/** DevTools' ServiceWorker domain: delivers `data` as a push message to the origin's worker. */
async function deliverToServiceWorker(page: Page, origin: string, data: string) {
  const cdp = await page.context().newCDPSession(page);
  const registrationId = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no service worker registration reported')), UI_TIMEOUT);
    cdp.on(
      'ServiceWorker.workerRegistrationUpdated',
      (e: { registrations: { registrationId: string; scopeURL: string }[] }) => {
        const r = e.registrations.find((x) => x.scopeURL === `${origin}/`);
        if (r) {
          clearTimeout(timer);
          resolve(r.registrationId);
        }
      },
    );
    void cdp.send('ServiceWorker.enable');
  });
  await cdp.send('ServiceWorker.deliverPushMessage', { origin: `${origin}/`, registrationId, data });
}

async function waitForNotification(page: Page, tag: string) {
  return waitUntil(
    'the service worker to show the notification',
    () =>
      page.evaluate(async (t) => {
        const r = await navigator.serviceWorker.ready;
        const n = (await r.getNotifications({ tag: t }))[0];
        return n ? { title: n.title, body: n.body, url: (n.data as { url: string }).url } : undefined;
      }, tag),
    UI_TIMEOUT,
  );
}
