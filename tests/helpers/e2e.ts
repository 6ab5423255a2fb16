/**
 * Shared pieces of the browser suite: signed-in browser contexts, a small API client for setting up
 * data the way a second person would (a tech escalating from another machine), and page probes
 * (queue cards, tab visibility, animations, axe-core, horizontal overflow).
 */
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchChromium } from './browser';
import { startServerProcess, type ServerProcess } from './server-process';

export const DEMO_PASSWORD = 'demo-password';
/** Default budget for anything the UI should show "promptly" (navigation, dialogs, toasts). */
export const UI_TIMEOUT = 10_000;

export const USERS = {
  owner: 'owner@northwind.test',
  senior: 'senior@northwind.test',
  senior2: 'senior2@northwind.test',
  tech: 'tech@northwind.test',
  tech2: 'tech2@northwind.test',
  viewer: 'viewer@northwind.test',
} as const;

export const NAMES: Record<string, string> = {
  [USERS.senior]: 'Sam Senior',
  [USERS.senior2]: 'Sofia Senior',
  [USERS.tech]: 'Theo Tech',
  [USERS.tech2]: 'Tara Tech',
};

export type SignedIn = { context: BrowserContext; page: Page };

export type BrowserSuite = {
  readonly server: ServerProcess;
  readonly browser: Browser;
  /** Contexts to close after the current test. */
  contexts: BrowserContext[];
  /** `signIn` on the suite's browser and server; the context is closed after the current test. */
  signIn: (email: string, path: string, options?: BrowserContextOptions) => Promise<SignedIn>;
};

/**
 * Call inside a describe block: starts a server process (with `env`) and connects to the run's
 * Chromium before its tests, closes the contexts of each test after it, and the browser and
 * the server after them all.
 */
export function browserSuite(env: Record<string, string> = {}): BrowserSuite {
  let server: ServerProcess | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    // Both at once; whichever started is kept (and closed in afterAll) even if the other failed.
    const [started, connected] = await Promise.allSettled([startServerProcess(env), launchChromium()]);
    if (started.status === 'fulfilled') server = started.value;
    if (connected.status === 'fulfilled') browser = connected.value;
    if (started.status === 'rejected') throw started.reason;
    if (connected.status === 'rejected') throw connected.reason;
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  const started = <T>(what: string, value: T | undefined): T => {
    if (value === undefined) throw new Error(`the ${what} is only there once the suite's beforeAll has run`);
    return value;
  };
  return {
    get server() {
      return started('server', server);
    },
    get browser() {
      return started('browser', browser);
    },
    contexts,
    async signIn(email, path, options) {
      const signedIn = await signIn(
        started('browser', browser),
        started('server', server).url,
        email,
        path,
        options,
      );
      contexts.push(signedIn.context);
      return signedIn;
    },
  };
}

/**
 * A fresh browser context (own cookies and storage) signed in through the real login form at `path`
 * (the app renders the login form in place, so signing in lands on that path).
 */
export async function signIn(
  browser: Browser,
  baseURL: string,
  email: string,
  path = '/',
  options: BrowserContextOptions = {},
): Promise<SignedIn> {
  const context = await browser.newContext({ baseURL, ...options });
  const page = await context.newPage();
  await page.goto(path);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: /^Notifications/ }).waitFor({ timeout: UI_TIMEOUT });
  return { context, page };
}

/** A senior's page on the queue with the live stream connected (the header badge says "Live"). */
export async function openLiveQueue(page: Page): Promise<void> {
  if (new URL(page.url()).pathname !== '/escalations') await page.goto('/escalations');
  await page.getByRole('heading', { name: 'Escalations', level: 1 }).waitFor({ timeout: UI_TIMEOUT });
  await page.getByRole('list', { name: 'Escalation queue' }).waitFor({ timeout: UI_TIMEOUT });
  await waitForLive(page);
}

export async function waitForLive(page: Page, timeout = UI_TIMEOUT): Promise<void> {
  await page.locator('main').getByText('Live', { exact: true }).waitFor({ timeout });
}

/** Marks the document so a later `assertNotReloaded` proves the page was never reloaded. */
export async function markNoReload(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { __e2eNoReload: boolean }).__e2eNoReload = true));
}

export async function wasReloaded(page: Page): Promise<boolean> {
  return !(await page.evaluate(
    () => (window as unknown as { __e2eNoReload?: boolean }).__e2eNoReload === true,
  ));
}

export const queueCard = (page: Page, handoffId: string): Locator =>
  page.locator(`article[data-handoff-id="${handoffId}"]`);

export const contextDialog = (page: Page): Locator => page.getByRole('dialog', { name: 'Handoff context' });

export const bellButton = (page: Page): Locator => page.getByRole('button', { name: /^Notifications/ });

/** Unread count announced by the bell's accessible name ("Notifications, 3 unread" → 3). */
export async function bellCount(page: Page): Promise<number> {
  const label = (await bellButton(page).getAttribute('aria-label')) ?? '';
  const match = /^Notifications, (\d+) unread$/.exec(label);
  if (label !== 'Notifications' && !match) throw new Error(`unexpected bell label: ${label}`);
  return match ? Number(match[1]) : 0;
}

/**
 * Pretends the tab went to the background (or came back): overrides document.visibilityState /
 * document.hidden, which the app reads, and fires `visibilitychange`.
 */
export async function setTabHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate((hide) => {
    if (hide) {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    } else {
      // Drop the overrides: the prototype's real getters ("visible") apply again.
      delete (document as unknown as Record<string, unknown>).visibilityState;
      delete (document as unknown as Record<string, unknown>).hidden;
    }
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

/** The CSS animation applied to an element (computed `animation-name` and `animation-duration`). */
export async function animationOf(locator: Locator): Promise<{ name: string; duration: string }> {
  return locator.evaluate((el) => {
    const style = getComputedStyle(el);
    return { name: style.animationName, duration: style.animationDuration };
  });
}

/** True when the page is wider than the viewport (something forces horizontal scrolling). */
export async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
}

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const AXE_URL = '/__e2e/axe.min.js';
/** Pages that already answer AXE_URL (the route outlives navigations, the loaded script does not). */
const axeRouted = new WeakSet<Page>();

export type AxeFinding = {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string; summary: string }[];
};

/** Runs axe-core on the page (or inside `include`) and returns the serious and critical violations. */
export async function seriousAxeViolations(page: Page, include?: string): Promise<AxeFinding[]> {
  const loaded = await page.evaluate(
    () => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined',
  );
  if (!loaded) {
    // The page's Content-Security-Policy refuses inline scripts (which `addScriptTag({ path })` makes),
    // so axe is loaded from a same-origin URL that the browser answers from the local file.
    if (!axeRouted.has(page)) {
      axeRouted.add(page);
      await page.route(`**${AXE_URL}`, (route) =>
        route.fulfill({ path: AXE_PATH, contentType: 'text/javascript' }),
      );
    }
    await page.addScriptTag({ url: AXE_URL });
  }
  const violations = await page.evaluate(async (scope) => {
    type AxeResult = {
      violations: {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: unknown[]; failureSummary?: string }[];
      }[];
    };
    const axe = (window as unknown as { axe: { run: (ctx: unknown) => Promise<AxeResult> } }).axe;
    const result = await axe.run(scope ? { include: [scope] } : document);
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      nodes: v.nodes.map((n) => ({
        target: JSON.stringify(n.target),
        summary: (n.failureSummary ?? '').replace(/\s+/g, ' '),
      })),
    }));
  }, include ?? null);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export function formatAxe(where: string, findings: AxeFinding[]): string {
  return findings
    .map(
      (f) =>
        `[${where}] ${f.impact} ${f.id}: ${f.help}\n${f.nodes.map((n) => `    ${n.target} — ${n.summary}`).join('\n')}`,
    )
    .join('\n');
}
