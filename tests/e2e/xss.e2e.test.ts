import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser';
import { bellButton, contextDialog, DEMO_PASSWORD, signIn, UI_TIMEOUT, USERS } from '../helpers/e2e';
import { TestClient } from '../helpers/test-client';
import { escalate } from '../helpers/sessions';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';

/**
 * Stored XSS: script and markup saved through the API in every place people type text — intake,
 * answers, timeline notes, facts, engineer notes, member names — then every page that shows it is
 * opened in Chromium. Each payload would set `window.__xss` (and most would open a dialog) if it ever
 * ran; the pages must show the text literally instead.
 */
const payloads = (n: number) => [
  `<img src=x onerror="window.__xss=${n};alert(${n})">`,
  `<script>window.__xss=${n + 1};alert(${n + 1})</script>`,
  `"><svg onload=window.__xss=${n + 2}>`,
  `<a href="javascript:window.__xss=${n + 3}">link${n}</a>`,
  `[click${n}](javascript:window.__xss=${n + 4})`,
  `![logo${n}](javascript:window.__xss=${n + 5})`,
  `<iframe srcdoc="<script>parent.__xss=${n + 6}</script>">`,
];
/** A short one that fits the 200-character fields (client, asset, names). */
const short = (n: number) => `<img src=x onerror=window.__xss=${n}> [x${n}](javascript:window.__xss=${n})`;
const all = (label: string, n: number) => `${label} ${payloads(n).join(' ')}`;

/**
 * The pages' Content-Security-Policy would stop most payloads even if escaping failed, hiding the
 * failure; this suite tests the escaping alone, so Chromium ignores the policy here. The policy has
 * its own suite (content-security-policy.e2e.test.ts).
 */
const ESCAPING_ONLY = { bypassCSP: true };

type Probe = { xss: unknown; risky: string[] };

/** Anything a payload would have turned into live markup, found in the current DOM. */
async function probe(page: Page): Promise<Probe> {
  return page.evaluate(() => {
    const risky: string[] = [];
    for (const el of Array.from(document.querySelectorAll('*'))) {
      for (const attr of Array.from(el.attributes)) {
        const value = attr.value.trim().toLowerCase();
        // A frame sandboxed without allow-scripts runs nothing; its content is checked on its own.
        const unsandboxedDoc =
          attr.name === 'srcdoc' && value.includes('__xss') && el.getAttribute('sandbox') !== '';
        if (attr.name.startsWith('on') || value.startsWith('javascript:') || unsandboxedDoc) {
          risky.push(`<${el.tagName.toLowerCase()} ${attr.name}="${attr.value.slice(0, 60)}">`);
        }
      }
    }
    for (const s of Array.from(document.scripts))
      if (s.textContent?.includes('__xss')) risky.push('<script> with a payload');
    for (const img of Array.from(document.images))
      if (img.getAttribute('src') === 'x') risky.push('<img src=x>');
    return { xss: (window as unknown as { __xss?: unknown }).__xss, risky };
  });
}

describe('stored XSS renders as text in Chromium', () => {
  let server: ServerProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  /** Every dialog any page tried to open. */
  const dialogs: string[] = [];
  const visited: string[] = [];
  let session: { id: string; handoffId: string; summary: string };
  const memberName = `Mallory ${short(100)}`;
  let memberEmail: string;

  /** A signed-in browser tab that records dialogs instead of showing them. */
  async function open(email: string, path: string): Promise<Page> {
    const { context, page } = await signIn(browser, server.url, email, path, ESCAPING_ONLY);
    contexts.push(context);
    page.on('dialog', (d) => {
      dialogs.push(`${new URL(page.url()).pathname}: ${d.message()}`);
      void d.dismiss();
    });
    return page;
  }

  /** After the page shows `literal` as text, nothing ran and nothing live was made of the payloads. */
  async function assertInert(page: Page, where: string, literal: string) {
    await page.getByText(literal, { exact: false }).first().waitFor({ timeout: UI_TIMEOUT });
    // Give late effects (image error events, lazy renders) the chance to happen before judging.
    await page.waitForLoadState('networkidle').catch(() => undefined);
    const found = await probe(page);
    visited.push(where);
    expect(found.risky, where).toEqual([]);
    expect(found.xss, where).toBeUndefined();
    expect(dialogs, where).toEqual([]);
  }

  beforeAll(async () => {
    server = await startServerProcess();
    browser = await launchChromium();

    // A member whose name is a payload, through the real invite flow.
    const owner = await TestClient.signIn(server.url, USERS.owner, DEMO_PASSWORD);
    memberEmail = `mallory-${Date.now()}@northwind.test`;
    const invite = await owner.request('POST', '/api/v1/invites', { email: memberEmail, role: 'tech' });
    expect(invite.status).toBe(201);
    const accepted = await fetch(`${server.url}/api/v1/invites/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        token: invite.body.accept_url.split('/invite/')[1],
        name: memberName,
        password: DEMO_PASSWORD,
      }),
    });
    expect(accepted.status).toBe(201);

    // That member works a session with payloads everywhere, and escalates it.
    const mallory = await TestClient.signIn(server.url, memberEmail, DEMO_PASSWORD);
    const ticket = await mallory.request('POST', '/api/v1/sessions', {
      problem: 'Printer offline',
      ticket: '<b>1</b>',
    });
    expect(ticket.status).toBe(400); // ticket numbers are validated: no markup gets in
    const created = await mallory.request('POST', '/api/v1/sessions', {
      problem: `Outlook keeps asking for the password ${all('problem', 10)}`,
      client: `Client ${short(20)}`.slice(0, 200),
      asset: `Asset ${short(30)}`.slice(0, 200),
    });
    expect(created.status).toBe(201);
    const id = created.body.session.id as string;
    const step = created.body.current_step;
    const answer =
      step.kind === 'action'
        ? { outcome: 'failed', note: all('answer note', 40) }
        : { text: all('answer text', 40) };
    expect(
      (await mallory.request('POST', `/api/v1/sessions/${id}/steps/${step.id}/answer`, answer)).status,
    ).toBe(200);
    expect(
      (await mallory.request('POST', `/api/v1/sessions/${id}/steps`, { text: all('timeline note', 50) }))
        .status,
    ).toBe(201);
    expect(
      (await mallory.request('POST', `/api/v1/sessions/${id}/facts`, { text: all('fact', 60) })).status,
    ).toBe(201);
    const handoff = await escalate(mallory, id, all('engineer notes', 70));
    session = { id, handoffId: handoff.id, summary: created.body.session.problem_summary };
  });

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await server?.stop();
  });

  it('control: the same payloads, inserted as HTML on purpose, are caught by the probe (so a pass below means something)', async () => {
    const context = await browser.newContext({ baseURL: server.url, ...ESCAPING_ONLY });
    contexts.push(context);
    const page = await context.newPage();
    const seen: string[] = [];
    page.on('dialog', (d) => {
      seen.push(d.message());
      void d.dismiss();
    });
    await page.goto('/login');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: UI_TIMEOUT });
    await page.evaluate(
      (html) => {
        const el = document.createElement('div');
        el.innerHTML = html;
        document.body.append(el);
      },
      all('control', 900),
    );
    await page.waitForFunction(
      () => (window as unknown as { __xss?: unknown }).__xss !== undefined,
      undefined,
      { timeout: UI_TIMEOUT },
    );
    const found = await probe(page);
    expect(found.xss).toBe(900);
    expect(found.risky.length).toBeGreaterThanOrEqual(3);
    expect(seen).toContain('900');
  });

  it('the senior’s queue, bell, handoff context screen and session page show the payloads as text', async () => {
    const page = await open(USERS.senior, '/escalations');
    await assertInert(page, 'queue', 'engineer notes <img src=x onerror=');

    await bellButton(page).click();
    const panel = page.getByRole('dialog', { name: 'Notifications' });
    await panel.waitFor({ timeout: UI_TIMEOUT });
    await assertInert(page, 'bell', `Escalation from ${memberName}`);
    await page.keyboard.press('Escape');

    await page.goto(`/sessions/${session.id}?pickup=1`);
    const context = contextDialog(page);
    await context.waitFor({ timeout: UI_TIMEOUT });
    await assertInert(page, 'handoff context: problem', 'problem <img src=x onerror=');
    for (const text of [
      'engineer notes <img src=x',
      '<script>window.__xss=71;alert(71)</script>',
      'fact <img src=x',
      '"><svg onload=window.__xss=52>',
      memberName,
    ]) {
      await assertInert(page, `handoff context: ${text.slice(0, 20)}`, text);
    }
    await context.getByRole('button', { name: 'Back' }).click();

    await page.goto(`/sessions/${session.id}`);
    await assertInert(page, 'session page', 'timeline note <img src=x onerror=');
    await assertInert(page, 'session page: intake', 'Client <img src=x');
  });

  it('the author’s sessions list, session page, ticket notes dialog and user menu show the payloads as text', async () => {
    const page = await open(memberEmail, '/sessions');
    await assertInert(page, 'sessions list', session.summary.slice(0, 40));
    await page.goto(`/sessions/${session.id}`);
    await assertInert(page, 'session page (author)', 'fact <img src=x onerror=');

    await page.getByRole('button', { name: 'Ticket notes' }).click();
    const notes = page.getByRole('dialog', { name: 'Ticket notes' });
    await notes.waitFor({ timeout: UI_TIMEOUT });
    const markdown = notes.getByLabel('Ticket notes (Markdown)');
    await markdown.getByText('## Problem', { exact: false }).waitFor({ timeout: UI_TIMEOUT });
    await assertInert(page, 'ticket notes dialog', '\\<img src=x onerror=');
    // The Markdown is shown as source, never rendered: no link or image was made of it.
    expect(await notes.locator('a, img').count()).toBe(0);

    await page.keyboard.press('Escape');
    await page
      .getByRole('button', { name: new RegExp(escapeRegExp(memberName)) })
      .first()
      .click();
    await assertInert(page, 'user menu', memberName);
  });

  it('the members page shows a member’s name as text', async () => {
    const page = await open(USERS.owner, '/settings/members');
    await assertInert(page, 'members page', memberName);
    expect(await page.getByRole('button', { name: `Edit ${memberName}` }).count()).toBe(1);
  });

  it('the development mail outbox shows the escalation email with the payloads as text, in a sandboxed frame', async () => {
    const page = await open(USERS.owner, '/');
    await page.goto('/api/v1/dev/outbox/view');
    await assertInert(page, 'dev outbox page', `Escalation from ${memberName}`);
    const frames = page.locator('iframe');
    expect(await frames.count()).toBeGreaterThan(0);
    for (const sandbox of await frames.evaluateAll((els) => els.map((e) => e.getAttribute('sandbox'))))
      expect(sandbox).toBe('');
    const mail = page.frameLocator(`iframe[title*="${memberName.slice(0, 20)}"]`).first();
    await mail
      .getByText('engineer notes <img src=x onerror=', { exact: false })
      .waitFor({ timeout: UI_TIMEOUT });
    expect(await mail.locator('img[src="x"], script, svg, a[href^="javascript:"]').count()).toBe(0);
    visited.push('dev outbox mail');
  });

  it('visited every page and found nothing that ran', () => {
    expect(visited.length).toBeGreaterThanOrEqual(12);
    expect(dialogs).toEqual([]);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
