import { describe, expect, it } from 'vitest';
import {
  animationOf,
  browserSuite,
  markNoReload,
  openLiveQueue,
  queueCard,
  setTabHidden,
  UI_TIMEOUT,
  USERS,
  wasReloaded,
  DEMO_PASSWORD,
} from '../helpers/e2e';
import { TestClient } from '../helpers/test-client';
import { newEscalation } from '../helpers/sessions';

const HANDOFF_POST = /^\/api\/v1\/sessions\/[^/]+\/handoffs$/;

describe('escalation arrives live in the senior queue', () => {
  const suite = browserSuite();

  it('a tech escalates from the session page; the card slides into an open queue within 2 s, no reload', async () => {
    const senior = await suite.signIn(USERS.senior, '/escalations');
    await openLiveQueue(senior.page);
    await markNoReload(senior.page);
    const queue = senior.page.getByRole('list', { name: 'Escalation queue' });
    const before = await queue.getByRole('article').count();
    expect(before).toBeGreaterThanOrEqual(1); // the demo's waiting escalation

    const tech = await suite.signIn(USERS.tech, '/sessions');
    const page = tech.page;
    await page.getByRole('link', { name: /shared mailbox/i }).click();
    await page.getByRole('region', { name: 'Current step' }).waitFor({ timeout: UI_TIMEOUT });
    const sessionId = new URL(page.url()).pathname.split('/').pop()!;
    const summary = (await page.getByRole('heading', { level: 1 }).textContent())!.trim();

    await page.getByRole('button', { name: 'Escalate', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Escalate session' });
    await dialog.waitFor({ timeout: UI_TIMEOUT });
    for (const label of ['Priority', 'Teammate (optional)'])
      expect(await dialog.getByLabel(label).isVisible()).toBe(true);
    for (const name of ['Send escalation', 'Cancel', 'Park instead']) {
      expect(await dialog.getByRole('button', { name }).isVisible()).toBe(true);
    }

    // Shift+Enter adds a line; Enter sends.
    const notes = dialog.getByLabel('Notes');
    await notes.click();
    await page.keyboard.type('Accounts mailbox vanished after the licence change.');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('Re-added Full Access, no change.');
    expect(await notes.inputValue()).toBe(
      'Accounts mailbox vanished after the licence change.\nRe-added Full Access, no change.',
    );

    const responseP = page.waitForResponse(
      (r) => r.request().method() === 'POST' && HANDOFF_POST.test(new URL(r.url()).pathname),
      { timeout: UI_TIMEOUT },
    );
    await page.keyboard.press('Enter');
    const response = await responseP;
    const respondedAt = Date.now();
    expect(response.status()).toBe(201);
    expect(response.request().postDataJSON()).toMatchObject({
      intent: 'escalate',
      engineer_notes: 'Accounts mailbox vanished after the licence change.\nRe-added Full Access, no change.',
    });
    const { handoff } = (await response.json()) as { handoff: { id: string; session_id: string } };
    expect(handoff.session_id).toBe(sessionId);

    const card = queueCard(senior.page, handoff.id);
    await card.waitFor({ state: 'visible', timeout: 2_000 });
    const elapsed = Date.now() - respondedAt;
    console.info(`[e2e] escalate response → card visible in the senior's queue: ${elapsed} ms`);
    expect(elapsed).toBeLessThanOrEqual(2_000);

    // The tech is told and taken to the dashboard.
    await page.getByText('Escalated — seniors have been notified').waitFor({ timeout: UI_TIMEOUT });
    await page.waitForURL((url) => url.pathname === '/', { timeout: UI_TIMEOUT });

    // The senior's card: prepended, fresh, unread, sliding in, linking to the pickup flow.
    expect(await wasReloaded(senior.page)).toBe(false);
    expect(await queue.getByRole('article').count()).toBe(before + 1);
    expect(await queue.getByRole('article').first().getAttribute('data-handoff-id')).toBe(handoff.id);
    expect(await card.getAttribute('aria-label')).toBe(summary);
    expect(await card.getAttribute('data-fresh')).toBe('true');
    expect(await card.getAttribute('data-unread')).toBe('true');
    expect(await card.locator('[data-unread-dot]').count()).toBe(1);
    expect(await animationOf(card)).toEqual({ name: 'queue-slide-in', duration: '0.2s' });
    expect(await card.getByRole('link').getAttribute('href')).toBe(`/sessions/${sessionId}?pickup=1`);
    expect(await card.textContent()).toContain('Theo Tech');
  });

  it('while the tab is hidden the title counts arrivals "(N) …" and is restored when visible again', async () => {
    const senior = await suite.signIn(USERS.senior2, '/escalations');
    await openLiveQueue(senior.page);
    const original = await senior.page.title();
    expect(original).toBe('Escalations · ResolutionFlow');
    const tech = await TestClient.signIn(suite.server.url, USERS.tech2, DEMO_PASSWORD);

    await setTabHidden(senior.page, true);
    expect(await senior.page.evaluate(() => document.visibilityState)).toBe('hidden');
    const first = await newEscalation(
      tech,
      'Teams calls drop after about 30 seconds for the whole sales team',
    );
    await queueCard(senior.page, first.handoffId).waitFor({ timeout: UI_TIMEOUT });
    await senior.page.waitForFunction((t) => document.title === `(1) ${t}`, original, {
      timeout: UI_TIMEOUT,
    });

    const second = await newEscalation(
      tech,
      'Printer on the second floor prints blank pages since the driver update',
    );
    await queueCard(senior.page, second.handoffId).waitFor({ timeout: UI_TIMEOUT });
    await senior.page.waitForFunction((t) => document.title === `(2) ${t}`, original, {
      timeout: UI_TIMEOUT,
    });

    await setTabHidden(senior.page, false);
    await senior.page.waitForFunction((t) => document.title === t, original, { timeout: UI_TIMEOUT });

    // Visible: an arrival shows in the list but does not touch the title.
    const third = await newEscalation(
      tech,
      'Laptop will not join the office Wi-Fi after the certificate renewal',
    );
    await queueCard(senior.page, third.handoffId).waitFor({ timeout: UI_TIMEOUT });
    expect(await senior.page.title()).toBe(original);
  });

  it('under prefers-reduced-motion a live arrival fades in instead of sliding', async () => {
    const reduced = await suite.signIn(USERS.senior, '/escalations', { reducedMotion: 'reduce' });
    const normal = await suite.signIn(USERS.senior2, '/escalations');
    await openLiveQueue(reduced.page);
    await openLiveQueue(normal.page);
    expect(await reduced.page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches)).toBe(
      true,
    );

    const tech = await TestClient.signIn(suite.server.url, USERS.tech, DEMO_PASSWORD);
    const { handoffId } = await newEscalation(
      tech,
      'Conference room display will not wake from standby over HDMI',
    );
    const reducedCard = queueCard(reduced.page, handoffId);
    const normalCard = queueCard(normal.page, handoffId);
    await reducedCard.waitFor({ timeout: UI_TIMEOUT });
    await normalCard.waitFor({ timeout: UI_TIMEOUT });
    expect(await reducedCard.getAttribute('data-fresh')).toBe('true');
    expect(await animationOf(reducedCard)).toEqual({ name: 'queue-fade-in', duration: '0.2s' });
    expect(await animationOf(normalCard)).toEqual({ name: 'queue-slide-in', duration: '0.2s' });

    // Cards that were already there on load are not "fresh" and do not animate.
    const stale = reduced.page.locator('article[data-handoff-id]:not([data-fresh])').first();
    expect(await animationOf(stale)).toMatchObject({ name: 'none' });
  });
});
