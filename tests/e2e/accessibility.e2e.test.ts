import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser';
import {
  bellButton,
  contextDialog,
  formatAxe,
  seriousAxeViolations,
  signIn,
  UI_TIMEOUT,
  USERS,
  type SignedIn,
  DEMO_PASSWORD,
} from '../helpers/e2e';
import { TestClient } from '../helpers/test-client';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';

/** Waits until no loading indicator is left on the page (every `role=status` "Loading…" is gone). */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      ![...document.querySelectorAll('[role="status"]')].some((el) => /Loading/i.test(el.textContent ?? '')),
    undefined,
    { timeout: UI_TIMEOUT },
  );
}

/**
 * axe-core over the real pages, with every rule on. Only "serious" and "critical" findings fail the
 * test; they are printed in full (rule, selector, failure summary) so they can be fixed at the source.
 */
describe('accessibility (axe-core): no serious or critical violations', () => {
  let server: ServerProcess;
  let browser: Browser;
  let senior: SignedIn;
  let tech: SignedIn;
  const contexts: BrowserContext[] = [];
  const report: string[] = [];

  async function check(page: Page, where: string, include?: string) {
    const findings = await seriousAxeViolations(page, include);
    if (findings.length) {
      const text = formatAxe(where, findings);
      report.push(text);
      console.warn(`[axe]\n${text}`);
    }
    // Soft: one page's findings must not hide the next page's (the test still fails).
    expect
      .soft(
        findings.map((f) => `${f.id} (${f.impact}) ×${f.nodes.length}`),
        `axe on ${where}`,
      )
      .toEqual([]);
  }

  beforeAll(async () => {
    server = await startServerProcess();
    browser = await launchChromium();
    senior = await signIn(browser, server.url, USERS.senior, '/');
    tech = await signIn(browser, server.url, USERS.tech, '/');
    contexts.push(senior.context, tech.context);
  });
  afterAll(async () => {
    if (report.length) console.warn(`[axe] summary of serious/critical violations:\n${report.join('\n')}`);
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await server?.stop();
  });

  it('login page', async () => {
    const context = await browser.newContext({ baseURL: server.url });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor({ timeout: UI_TIMEOUT });
    await check(page, '/login');
  });

  it('dashboard (senior and tech)', async () => {
    for (const [who, { page }] of [
      ['senior', senior],
      ['tech', tech],
    ] as const) {
      await page.goto('/');
      await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor({ timeout: UI_TIMEOUT });
      await settled(page);
      await check(page, `/ (dashboard, ${who})`);
    }
  });

  it('session page with the current step, and the escalate dialog', async () => {
    const { page } = tech;
    await page.goto('/sessions');
    await page.getByRole('link', { name: /shared mailbox/i }).click();
    await page.getByRole('region', { name: 'Current step' }).waitFor({ timeout: UI_TIMEOUT });
    await settled(page);
    await check(page, '/sessions/:id (tech, active session)');

    await page.getByRole('button', { name: 'Escalate', exact: true }).click();
    await page.getByRole('dialog', { name: 'Escalate session' }).waitFor({ timeout: UI_TIMEOUT });
    await settled(page); // teammates load
    await check(page, '/sessions/:id escalate dialog');
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('escalation queue', async () => {
    const { page } = senior;
    await page.goto('/escalations');
    await page
      .getByRole('list', { name: 'Escalation queue' })
      .getByRole('article')
      .first()
      .waitFor({ timeout: UI_TIMEOUT });
    await settled(page);
    await check(page, '/escalations');
  });

  it('handoff context dialog (pickup), with the assessment ready', async () => {
    const api = await TestClient.signIn(server.url, USERS.senior, DEMO_PASSWORD);
    const queue = await api.request('GET', '/api/v1/handoffs/queue');
    const waiting = queue.body.items[0] as { session_id: string };
    const { page } = senior;
    await page.goto(`/sessions/${waiting.session_id}?pickup=1`);
    const dialog = contextDialog(page);
    await dialog.getByRole('heading', { name: 'Likely cause' }).waitFor({ timeout: UI_TIMEOUT });
    await settled(page);
    await check(page, '/sessions/:id?pickup=1 (context dialog)');
    await dialog.getByRole('button', { name: 'Back' }).click();
  });

  it('notification panel', async () => {
    const { page } = senior;
    await page.goto('/');
    await bellButton(page).click();
    await page
      .getByRole('dialog', { name: 'Notifications' })
      .getByText(/Live updates/)
      .waitFor({ timeout: UI_TIMEOUT });
    await check(page, 'notification panel (open over the dashboard)');
    await page.keyboard.press('Escape');
  });

  it('analytics', async () => {
    const { page } = senior;
    await page.goto('/analytics');
    for (const name of ['Time to claim', 'Time to first action', 'Hours saved per week']) {
      await page.getByRole('heading', { name }).waitFor({ timeout: UI_TIMEOUT });
    }
    await page.locator('.recharts-surface').first().waitFor({ timeout: UI_TIMEOUT });
    await settled(page);
    await check(page, '/analytics');
  });
});
