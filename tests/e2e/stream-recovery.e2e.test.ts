import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser';
import {
  markNoReload,
  openLiveQueue,
  queueCard,
  signIn,
  UI_TIMEOUT,
  USERS,
  waitForLive,
  wasReloaded,
  DEMO_PASSWORD,
} from '../helpers/e2e';
import { TestClient } from '../helpers/test-client';
import { newEscalation } from '../helpers/sessions';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';

/** The client backs off 1 s → 30 s between attempts; allow one full 30 s wait plus the round trip. */
const RECOVERY_TIMEOUT = 35_000;

describe('live stream recovery', () => {
  let server: ServerProcess;
  let browser: Browser;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    server = await startServerProcess();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it(
    'reconnects with back-off after the server restarts and shows escalations made after it',
    { timeout: 120_000 },
    async () => {
      const senior = await signIn(browser, server.url, USERS.senior, '/escalations');
      context = senior.context;
      const page = senior.page;
      await openLiveQueue(page);
      await markNoReload(page);

      // Every attempt to (re)open the stream, timed as the browser makes it.
      const attempts: number[] = [];
      let reached: () => void = () => {};
      const threeAttempts = new Promise<void>((resolve) => (reached = resolve));
      page.on('request', (r) => {
        if (new URL(r.url()).pathname !== '/api/v1/stream') return;
        if (attempts.push(Date.now()) === 3) reached();
      });

      const stoppedAt = Date.now();
      await server.stop({ keepData: true });
      await page.locator('main').getByText('Reconnecting…').waitFor({ timeout: UI_TIMEOUT });
      // Stay down long enough to see the back-off grow between failed attempts (1 s, 2 s, 4 s …).
      await Promise.race([threeAttempts, page.waitForTimeout(20_000)]);
      const gaps = attempts.slice(1).map((t, i) => t - attempts[i]!);
      console.info(`[e2e] failed reconnect attempts while down, gaps: ${gaps.join(' ms, ')} ms`);
      expect(attempts.length).toBeGreaterThanOrEqual(3);
      for (let i = 1; i < gaps.length; i++) expect(gaps[i]!).toBeGreaterThan(gaps[i - 1]! * 1.5);

      server = await startServerProcess({}, { port: server.port, dataDir: server.dataDir });
      console.info(`[e2e] server down for ${Date.now() - stoppedAt} ms (stop, wait, restart)`);

      // Escalated right after the restart, before the browser has reconnected: it must still arrive
      // without a reload (replayed from the last seen event id, or refetched on reconnect).
      const restartedAt = Date.now();
      const tech = await TestClient.signIn(server.url, USERS.tech, DEMO_PASSWORD);
      const first = await newEscalation(
        tech,
        'Payroll app cannot reach its SQL server after the restart window',
      );
      const firstCard = queueCard(page, first.handoffId);
      await firstCard.waitFor({ timeout: RECOVERY_TIMEOUT });
      console.info(
        `[e2e] card escalated after the restart visible ${Date.now() - restartedAt} ms after the server was ready`,
      );
      // Replayed as a live arrival: marked fresh and put on top like any other.
      expect(await firstCard.getAttribute('data-fresh')).toBe('true');
      await waitForLive(page, RECOVERY_TIMEOUT);

      // Once live again, new arrivals are prompt.
      const second = await newEscalation(tech, 'Door badge reader rejects every card at the Leeds office');
      const sentAt = Date.now();
      const secondCard = queueCard(page, second.handoffId);
      await secondCard.waitFor({ timeout: 3_000 });
      console.info(`[e2e] arrival after reconnect visible in ${Date.now() - sentAt} ms`);
      expect(await secondCard.getAttribute('data-fresh')).toBe('true');

      expect(await wasReloaded(page)).toBe(false);
      const ids = await page
        .getByRole('list', { name: 'Escalation queue' })
        .getByRole('article')
        .evaluateAll((els) => els.map((el) => el.getAttribute('data-handoff-id')));
      expect(ids.slice(0, 2)).toEqual([second.handoffId, first.handoffId]);
      expect(new Set(ids).size).toBe(ids.length); // no duplicate cards after replay + refetch
    },
  );
});
