import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  browserSuite,
  bellButton,
  bellCount,
  contextDialog,
  markNoReload,
  UI_TIMEOUT,
  USERS,
  wasReloaded,
  DEMO_PASSWORD,
} from '../helpers/e2e';
import { TestClient } from '../helpers/test-client';
import { escalate, startAnsweredSession } from '../helpers/sessions';

/** Resolves once the bell's accessible name announces `count` unread notifications. */
function bellShows(page: Page, count: number) {
  return page.waitForFunction(
    (n) => {
      const label = document
        .querySelector('header button[aria-label^="Notifications"]')
        ?.getAttribute('aria-label');
      return label === (n > 0 ? `Notifications, ${n} unread` : 'Notifications');
    },
    count,
    { timeout: UI_TIMEOUT },
  );
}

/** Opens the bell panel and waits until it reports the live stream as connected; leaves it open. */
async function openPanelLive(page: Page) {
  await bellButton(page).click();
  const panel = page.getByRole('dialog', { name: 'Notifications' });
  await panel.getByText('Live updates on.').waitFor({ timeout: UI_TIMEOUT });
  return panel;
}

describe('notification bell', () => {
  const suite = browserSuite();

  it('counts a new escalation live for every senior, and its item opens the pickup flow', async () => {
    const seniors = await Promise.all([USERS.senior, USERS.senior2].map((email) => suite.signIn(email, '/')));
    const [sam, sofia] = seniors.map((s) => s.page) as [Page, Page];
    await sam.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor({ timeout: UI_TIMEOUT });

    const before: number[] = [];
    for (const page of [sam, sofia]) {
      await openPanelLive(page);
      await page.keyboard.press('Escape');
      await page
        .getByRole('dialog', { name: 'Notifications' })
        .waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
      before.push(await bellCount(page));
      await markNoReload(page);
    }

    const tech = await TestClient.signIn(suite.server.url, USERS.tech, DEMO_PASSWORD);
    const session = await startAnsweredSession(tech, 'Shared calendar invites arrive twice for Baker Legal', {
      ticket: '40777',
    });
    const handoff = await escalate(tech, session.id, 'Removed and re-added the delegate, still duplicated.');
    const title = `Escalation from Theo Tech · #40777: ${session.summary}`;

    await Promise.all([bellShows(sam, before[0]! + 1), bellShows(sofia, before[1]! + 1)]);
    for (const page of [sam, sofia]) expect(await wasReloaded(page)).toBe(false);
    // Screen readers hear about it too (polite live region next to the bell).
    await sam.getByText(`New notification: ${title}`).waitFor({ state: 'attached', timeout: UI_TIMEOUT });

    const panel = await openPanelLive(sam);
    const item = panel.getByRole('link', { name: new RegExp(`^Unread: ${escapeRegExp(title)}`) });
    await item.waitFor({ timeout: UI_TIMEOUT });
    expect(await item.getAttribute('href')).toBe(`/sessions/${session.id}?pickup=1`);
    // Newest first.
    expect(await panel.getByRole('link').first().getAttribute('href')).toBe(
      `/sessions/${session.id}?pickup=1`,
    );

    await item.click();
    await sam.waitForURL((url) => url.pathname === `/sessions/${session.id}`, { timeout: UI_TIMEOUT });
    const dialog = contextDialog(sam);
    await dialog.waitFor({ timeout: UI_TIMEOUT });
    expect(await dialog.getByRole('region', { name: 'Problem' }).textContent()).toContain(session.summary);
    expect(await dialog.getByRole('button', { name: 'Claim and continue' }).isEnabled()).toBe(true);
    await bellShows(sam, before[0]!); // opening the item marked it read

    // Back to the queue, where the same escalation waits; then clear the bell.
    await dialog.getByRole('button', { name: 'Back' }).click();
    await sam.waitForURL((url) => url.pathname === '/escalations', { timeout: UI_TIMEOUT });
    await sam.locator(`article[data-handoff-id="${handoff.id}"]`).waitFor({ timeout: UI_TIMEOUT });
    await bellButton(sam).click();
    await sam
      .getByRole('dialog', { name: 'Notifications' })
      .getByRole('button', { name: 'Mark all read' })
      .click();
    await bellShows(sam, 0);
    expect(
      await sam
        .getByRole('dialog', { name: 'Notifications' })
        .getByText(/^Unread: /)
        .count(),
    ).toBe(0);

    // The other senior's count is their own.
    expect(await bellCount(sofia)).toBe(before[1]! + 1);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
