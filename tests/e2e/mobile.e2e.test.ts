import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  browserSuite,
  bellButton,
  contextDialog,
  horizontalOverflow,
  openLiveQueue,
  queueCard,
  UI_TIMEOUT,
  USERS,
  DEMO_PASSWORD,
} from '../helpers/e2e';
import { TestClient } from '../helpers/test-client';
import { escalate, startAnsweredSession } from '../helpers/sessions';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };

async function expectNoHorizontalScroll(page: Page, where: string) {
  const { scrollWidth, innerWidth } = await horizontalOverflow(page);
  expect(
    scrollWidth,
    `${where}: document is ${scrollWidth}px wide in a ${innerWidth}px viewport`,
  ).toBeLessThanOrEqual(innerWidth);
}

describe('phone-sized viewport (390×844)', () => {
  const suite = browserSuite();

  it('the queue fits the screen, also with a live card carrying a long unbroken path', async () => {
    const senior = await suite.signIn(USERS.senior, '/escalations', PHONE);
    const page = senior.page;
    expect(await page.evaluate(() => window.innerWidth)).toBe(390);
    await openLiveQueue(page);
    await expectNoHorizontalScroll(page, '/escalations');

    const tech = await TestClient.signIn(suite.server.url, USERS.tech, DEMO_PASSWORD);
    const session = await startAnsweredSession(
      tech,
      'Access denied opening \\\\fileserver01\\departments\\finance\\quarterly-reports-2026-q3-final-approved-by-partners\\ledger.xlsx',
      { ticket: '40999', client: 'Harbor Dental' },
    );
    const handoff = await escalate(
      tech,
      session.id,
      'Path: \\\\fileserver01\\departments\\finance\\quarterly-reports-2026-q3-final-approved-by-partners',
    );
    await queueCard(page, handoff.id).waitFor({ timeout: UI_TIMEOUT });
    await expectNoHorizontalScroll(page, '/escalations with a long card');

    // The pickup screen on a phone.
    await queueCard(page, handoff.id).getByRole('link').click();
    await contextDialog(page)
      .getByRole('button', { name: 'Claim and continue' })
      .waitFor({ timeout: UI_TIMEOUT });
    await expectNoHorizontalScroll(page, 'context dialog');
    const box = await contextDialog(page).boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  });

  it('the session page fits the screen', async () => {
    const tech = await suite.signIn(USERS.tech, '/sessions', PHONE);
    const page = tech.page;
    await page.getByRole('link', { name: /shared mailbox/i }).click();
    await page.getByRole('region', { name: 'Current step' }).waitFor({ timeout: UI_TIMEOUT });
    await expectNoHorizontalScroll(page, '/sessions/:id');
    await page.getByRole('button', { name: 'Escalate', exact: true }).click();
    await page.getByRole('dialog', { name: 'Escalate session' }).waitFor({ timeout: UI_TIMEOUT });
    await expectNoHorizontalScroll(page, 'escalate dialog');
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('the menu button opens and closes the navigation, and its links work', async () => {
    const senior = await suite.signIn(USERS.senior, '/', PHONE);
    const page = senior.page;
    const menu = page.getByRole('button', { name: 'Menu', exact: true });
    const nav = page.getByRole('navigation', { name: 'Main' });
    await menu.waitFor({ timeout: UI_TIMEOUT });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await nav.isVisible()).toBe(false);

    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await nav.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    for (const name of ['Dashboard', 'Sessions', 'Escalations', 'Analytics']) {
      expect(await nav.getByRole('link', { name }).isVisible(), name).toBe(true);
    }
    await expectNoHorizontalScroll(page, 'open menu');

    // Escape closes it again.
    await page.keyboard.press('Escape');
    await nav.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');

    // A link navigates and the menu folds away.
    await menu.click();
    await nav.getByRole('link', { name: 'Escalations' }).click();
    await page.waitForURL((url) => url.pathname === '/escalations', { timeout: UI_TIMEOUT });
    await page.getByRole('heading', { name: 'Escalations', level: 1 }).waitFor({ timeout: UI_TIMEOUT });
    await nav.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');

    // The bell panel stays inside the screen.
    await bellButton(page).click();
    const panel = page.getByRole('dialog', { name: 'Notifications' });
    await panel.waitFor({ timeout: UI_TIMEOUT });
    const box = (await panel.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await expectNoHorizontalScroll(page, 'bell panel');
  });
});
