import type { BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, DEMO_PASSWORD, UI_TIMEOUT, USERS } from '../helpers/e2e';
import { newEscalation } from '../helpers/sessions';
import { TestClient } from '../helpers/test-client';
import { waitUntil } from '../helpers/wait-until';

type Violation = { directive: string; blocked: string; sample: string; page: string };

/**
 * The app under its Content-Security-Policy in Chromium: every main page works with no violation
 * reported, and script that gets into a page anyway (an inline block, an inline handler, a style
 * block) is refused by the browser and reported.
 */
describe('Content-Security-Policy in Chromium', () => {
  const suite = browserSuite();

  /**
   * Records every `securitypolicyviolation` of every page of the context (the init script is added
   * through DevTools, which the policy does not govern) and every CSP message in the console.
   */
  /**
   * Signs in through the real form, as a user would (the policy is on the login page too), with the
   * violation watcher installed before the first page loads.
   */
  async function signInWatched(email: string) {
    const context = await suite.browser.newContext({ baseURL: suite.server.url });
    suite.contexts.push(context);
    const page = await context.newPage();
    const watch = await watchViolations(context, page);
    await page.goto('/');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor({ timeout: UI_TIMEOUT });
    return { page, watch };
  }

  async function watchViolations(context: BrowserContext, page: Page) {
    await context.addInitScript(() => {
      const seen: unknown[] = [];
      (window as unknown as { __cspViolations: unknown[] }).__cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) =>
        seen.push({
          directive: e.effectiveDirective,
          blocked: e.blockedURI,
          sample: e.sample,
          page: location.pathname,
        }),
      );
    });
    const console: string[] = [];
    page.on('console', (m: ConsoleMessage) => {
      if (/content security policy/i.test(m.text())) console.push(m.text());
    });
    const violations = () =>
      page.evaluate(
        () => (window as unknown as { __cspViolations?: Violation[] }).__cspViolations ?? [],
      ) as Promise<Violation[]>;
    return { console, violations };
  }

  /** Opens `path` with a full page load and waits for its main heading. */
  async function visit(page: Page, path: string, heading: RegExp | string) {
    await page.goto(path);
    await page.getByRole('heading', { name: heading, level: 1 }).first().waitFor({ timeout: UI_TIMEOUT });
    await page.waitForLoadState('networkidle').catch(() => undefined);
  }

  it('the main pages work with no violation: sign-in, dashboard, lists, analytics, knowledge, settings, API docs', async () => {
    // An article with an aligned table: markdown-it would style the cells inline; the app uses classes.
    const senior = await TestClient.signIn(suite.server.url, USERS.senior, DEMO_PASSWORD);
    const article = await senior.post('/api/v1/knowledge/articles', {
      title: 'Printer ports by model',
      body: '| Model | Port |\n| :--- | ---: |\n| HP 400 | 9100 |',
    });
    expect(article.status, article.text).toBe(201);

    const { page, watch } = await signInWatched(USERS.owner);
    const seen: Violation[] = [...(await watch.violations())];

    // Client-side navigation through the main menu keeps the same document (and the live stream).
    const nav = page.getByRole('navigation').first();
    for (const [link, heading] of [
      ['Sessions', 'Sessions'],
      ['Escalations', 'Escalations'],
      ['Analytics', 'Analytics'],
      ['Knowledge', /Knowledge/],
    ] as const) {
      await nav.getByRole('link', { name: link, exact: true }).click();
      await page.getByRole('heading', { name: heading, level: 1 }).first().waitFor({ timeout: UI_TIMEOUT });
    }
    await page.waitForLoadState('networkidle').catch(() => undefined);
    seen.push(...(await watch.violations()));

    // Full loads of the other main pages (each a fresh document under the policy).
    for (const [path, heading] of [
      ['/sessions/new', /session/i],
      ['/knowledge/runbooks', /Runbooks/],
      [`/knowledge/articles/${article.body.article.id}`, 'Printer ports by model'],
      ['/settings/members', /Settings|Members/],
      ['/settings/channels', /Settings|Channels/],
      ['/settings/deliveries', /Settings|Deliveries/],
      ['/api/docs', /API/],
    ] as const) {
      await visit(page, path, heading);
      seen.push(...(await watch.violations()));
    }
    expect(seen).toEqual([]);
    expect(watch.console).toEqual([]);
  });

  it('the aligned table is aligned by class, and styles set by script (as React does) apply', async () => {
    const { page } = await suite.signIn(USERS.senior, '/knowledge');
    const senior = await TestClient.signIn(suite.server.url, USERS.senior, DEMO_PASSWORD);
    const article = await senior.post('/api/v1/knowledge/articles', {
      title: 'Scanner ports by model',
      body: '| Model | Port |\n| :--- | ---: |\n| Fujitsu fi-7160 | 8080 |',
    });
    expect(article.status, article.text).toBe(201);
    await visit(page, `/knowledge/articles/${article.body.article.id}`, 'Scanner ports by model');
    const cell = page.getByRole('cell', { name: '8080' });
    expect(await cell.evaluate((td) => getComputedStyle(td).textAlign)).toBe('right');

    // React writes `style` props through the CSS object model, which CSP leaves alone; a style
    // attribute parsed from markup is what 'unsafe-inline' would be needed for, and it is refused.
    const styles = await page.evaluate(() => {
      const viaCssom = document.createElement('div');
      viaCssom.style.backgroundColor = 'rgb(1, 2, 3)';
      const viaMarkup = document.createElement('div');
      viaMarkup.innerHTML = '<span style="background-color: rgb(4, 5, 6)">x</span>';
      document.body.append(viaCssom, viaMarkup);
      return {
        cssom: getComputedStyle(viaCssom).backgroundColor,
        markup: getComputedStyle(viaMarkup.firstElementChild!).backgroundColor,
      };
    });
    expect(styles).toEqual({ cssom: 'rgb(1, 2, 3)', markup: 'rgba(0, 0, 0, 0)' });
  });

  it('script injected into a page does not run and is reported as a violation', async () => {
    const { page, watch } = await signInWatched(USERS.tech);
    expect(await watch.violations()).toEqual([]);

    // What a successful HTML injection would put in the page.
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = "inline script"';
      document.body.append(script);
      const holder = document.createElement('div');
      holder.innerHTML =
        // Not an image: the error event fires at once, and its handler is what the policy refuses.
        '<img src="data:image/png;base64,AAAA" onerror="window.__injected = \'handler\'">' +
        '<a id="js-link" href="javascript:window.__injected = \'link\'">x</a>';
      document.body.append(holder);
      const style = document.createElement('style');
      style.textContent = 'body { display: none }';
      document.head.append(style);
    });
    await page.locator('#js-link').click();
    // One report each: the inline <script>, the inline handler, the javascript: link, the <style>.
    const expected = ['script-src-attr', 'script-src-elem', 'script-src-elem', 'style-src-elem'];
    const reported = async () => (await watch.violations()).map((v) => v.directive).sort();
    await waitUntil('the four violations', async () => (await reported()).length >= 4, UI_TIMEOUT).catch(
      async (err: Error) => {
        throw new Error(`${err.message}; reported: ${JSON.stringify(await watch.violations())}`);
      },
    );
    expect(await reported()).toEqual(expected);
    expect(
      await page.evaluate(() => (window as unknown as { __injected?: string }).__injected),
    ).toBeUndefined();
    expect(await page.evaluate(() => getComputedStyle(document.body).display)).not.toBe('none');
    // The app keeps working after the attempt.
    await page.getByRole('navigation').first().getByRole('link', { name: 'Sessions', exact: true }).click();
    await page.getByRole('heading', { name: 'Sessions', level: 1 }).waitFor({ timeout: UI_TIMEOUT });
  });

  it('the dev outbox shows mail styled as sent, with no violation', async () => {
    const tech = await TestClient.signIn(suite.server.url, USERS.tech, DEMO_PASSWORD);
    await newEscalation(tech, 'Scanner on the second floor stopped sending to email');
    const owner = await TestClient.signIn(suite.server.url, USERS.owner, DEMO_PASSWORD);
    await waitUntil(
      'mail in the dev outbox',
      async () => (await owner.get('/api/v1/dev/outbox')).body.items?.length > 0,
      20_000,
    );

    const { page, watch } = await signInWatched(USERS.owner);
    await visit(page, '/api/v1/dev/outbox/view', 'Dev outbox');
    // The page's own stylesheet (allowed by hash) applies.
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
      'rgb(244, 245, 247)',
    );
    // The mail in its sandboxed frame keeps its inline styles (the white card of the layout).
    const frame = page.frames().find((f) => f !== page.mainFrame());
    expect(frame).toBeDefined();
    const card = await frame!.evaluate(
      () => getComputedStyle(document.querySelector('body > div')!).backgroundColor,
    );
    expect(card).toBe('rgb(255, 255, 255)');
    expect(await watch.violations()).toEqual([]);
    expect(watch.console).toEqual([]);
  });
});
