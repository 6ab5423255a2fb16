import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser';
import { formatAxe, seriousAxeViolations, signIn, UI_TIMEOUT, USERS, DEMO_PASSWORD } from '../helpers/e2e';
import { TestClient } from '../helpers/test-client';
import { startFakeConnectWise, type FakeConnectWise } from '../helpers/fake-connectwise';
import { startFakeHaloPsa, type FakeHaloPsa } from '../helpers/fake-halopsa';
import { HALO_CREDS } from '../helpers/fake-psa-kits';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';

const CREDS = {
  companyId: 'northwind',
  publicKey: 'PubKey1234abcdEF',
  privateKey: 'PrivKeyZyXw98765',
  clientId: 'c0ffee00-1111-2222-3333-444455556666',
};

/** Polls a condition on the fake ConnectWise (the note goes out after the assessment, in the background). */
async function eventually<T>(probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('PSA in the browser: connect ConnectWise, look a ticket up on intake, escalate to the ticket; switch to HaloPSA', () => {
  let cw: FakeConnectWise;
  let halo: FakeHaloPsa;
  let server: ServerProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    cw = await startFakeConnectWise(CREDS);
    halo = await startFakeHaloPsa(HALO_CREDS);
    cw.addTicket({
      id: 12345,
      summary: 'Outlook keeps asking for the password',
      company: 'Harbor Dental',
      contact: 'Dana Front Desk',
      board: 'Help Desk',
      status: 'New',
      description: 'Prompts every few minutes since this morning.',
    });
    // The fake ConnectWise listens on 127.0.0.1: allowed in development only, as for webhooks.
    server = await startServerProcess({ ALLOW_PRIVATE_WEBHOOKS: 'true' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await server?.stop();
    await cw?.close();
    await halo?.close();
  });

  it('an owner connects ConnectWise, tests it and links a member; the page has no serious axe findings', async () => {
    const owner = await signIn(browser, server.url, USERS.owner, '/settings/psa');
    contexts.push(owner.context);
    const { page } = owner;
    const form = page.getByRole('form', { name: 'ConnectWise connection' });
    await form.waitFor({ timeout: UI_TIMEOUT });
    await form.getByLabel('Site').fill(cw.siteUrl);
    await form.getByLabel('Company id').fill(CREDS.companyId);
    await form.getByLabel('Public key').fill(CREDS.publicKey);
    await form.getByLabel('Private key').fill(CREDS.privateKey);
    await form.getByLabel('Client id').fill(CREDS.clientId);
    await form.getByLabel('Status on escalation').fill('Escalated');
    await form.getByRole('button', { name: 'Connect ConnectWise' }).click();
    await page.getByText(/Not tested with these credentials yet/).waitFor({ timeout: UI_TIMEOUT });
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText(/Connected — last tested/).waitFor({ timeout: UI_TIMEOUT });
    expect(await page.textContent('body')).not.toContain(CREDS.privateKey);

    const theo = page.getByLabel('ConnectWise member for Theo Tech');
    await theo.waitFor({ timeout: UI_TIMEOUT });
    await theo.selectOption('12');
    await page.getByText('Theo Tech linked.').waitFor({ timeout: UI_TIMEOUT });

    const findings = await seriousAxeViolations(page);
    expect(
      findings.map((f) => f.id),
      formatAxe('/settings/psa', findings),
    ).toEqual([]);
  });

  it('a tech looks ticket #12345 up, starts the session pre-filled, and the escalation lands on the ticket', async () => {
    const tech = await signIn(browser, server.url, USERS.tech, '/sessions/new');
    contexts.push(tech.context);
    const { page } = tech;
    await page.getByLabel('PSA ticket number').fill('12345');
    await page.getByRole('button', { name: 'Look up ticket in ConnectWise' }).click();
    const details = page.getByRole('region', { name: 'Ticket #12345' });
    await details.waitFor({ timeout: UI_TIMEOUT });
    expect(await details.textContent()).toContain('Dana Front Desk');
    expect(await page.getByLabel('Problem').inputValue()).toContain('Outlook keeps asking for the password');
    expect(await page.getByLabel('Client').inputValue()).toBe('Harbor Dental');
    await page.getByRole('button', { name: 'Start session' }).click();
    await page.waitForURL(/\/sessions\/[0-9a-f-]{36}$/, { timeout: UI_TIMEOUT });
    await page.getByText('#12345').first().waitFor({ timeout: UI_TIMEOUT });

    const sessionId = page.url().split('/').pop()!;
    const api = await TestClient.signIn(server.url, USERS.tech, DEMO_PASSWORD);
    const esc = await api.request('POST', `/api/v1/sessions/${sessionId}/handoffs`, {
      intent: 'escalate',
      engineer_notes: 'Needs it today',
    });
    expect(esc.status).toBe(201);
    const note = await eventually(() =>
      cw.tickets.get(12345)!.notes.find((n) => n.text.startsWith('ESCALATED')),
    );
    expect(note.internalAnalysisFlag).toBe(true);
    expect(note.text).toContain('Escalation notes: Needs it today');
    await eventually(() => (cw.tickets.get(12345)!.status.name === 'Escalated' ? true : undefined));
  });

  it('the owner switches to HaloPSA, tests it, picks the statuses HaloPSA lists; a tech looks a ticket up in HaloPSA', async () => {
    halo.addTicket({
      id: 67890,
      summary: 'VPN drops every hour',
      details: '<p>The VPN client disconnects on the hour since Monday.</p>',
      client_name: 'Lakeside Vets',
      user_name: 'Robin Reception',
      team: 'Network',
      status_id: 1,
    });
    const owner = await signIn(browser, server.url, USERS.owner, '/settings/psa');
    contexts.push(owner.context);
    const { page } = owner;
    const current = page.getByRole('form', { name: 'ConnectWise connection' });
    await current.waitFor({ timeout: UI_TIMEOUT });
    await current.getByLabel('PSA', { exact: true }).selectOption('halopsa');
    const form = page.getByRole('form', { name: 'HaloPSA connection' });
    await form.getByLabel('Resource server').fill(halo.apiUrl);
    await form.getByLabel('Authorisation server').fill(halo.authUrl);
    await form.getByLabel('Client id').fill(HALO_CREDS.clientId);
    await form.getByLabel('Client secret').fill(HALO_CREDS.clientSecret);
    await form.getByLabel('Tenant').fill(HALO_CREDS.tenant);
    await form.getByRole('button', { name: 'Connect HaloPSA' }).click();
    await page.getByText(/Not tested with these credentials yet/).waitFor({ timeout: UI_TIMEOUT });
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText(/Connected — last tested/).waitFor({ timeout: UI_TIMEOUT });
    await page.getByText('HaloPSA accepted the credentials.').waitFor({ timeout: UI_TIMEOUT });
    expect(await page.textContent('body')).not.toContain(HALO_CREDS.clientSecret);

    // The status and outcome pickers list what the HaloPSA tenant returns.
    const saved = page.getByRole('form', { name: 'HaloPSA connection' });
    const escalated = saved.getByLabel('Status on escalation');
    await expect
      .poll(() => escalated.locator('option').allTextContents(), { timeout: UI_TIMEOUT })
      .toContain('Escalated');
    await escalated.selectOption('Escalated');
    await saved.getByLabel('Action outcome of notes').selectOption('Private Note');
    await saved.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('PSA settings saved.').waitFor({ timeout: UI_TIMEOUT });
    await page.getByRole('table', { name: 'HaloPSA member of each person' }).waitFor({ timeout: UI_TIMEOUT });
    const findings = await seriousAxeViolations(page);
    expect(
      findings.map((f) => f.id),
      formatAxe('/settings/psa (HaloPSA)', findings),
    ).toEqual([]);

    const tech = await signIn(browser, server.url, USERS.tech, '/sessions/new');
    contexts.push(tech.context);
    await tech.page.getByLabel('PSA ticket number').fill('67890');
    await tech.page.getByRole('button', { name: 'Look up ticket in HaloPSA' }).click();
    const details = tech.page.getByRole('region', { name: 'Ticket #67890' });
    await details.waitFor({ timeout: UI_TIMEOUT });
    expect(await details.textContent()).toContain('Robin Reception');
    expect(await tech.page.getByLabel('Problem').inputValue()).toContain('VPN drops every hour');
    expect(await tech.page.getByLabel('Client').inputValue()).toBe('Lakeside Vets');
    expect(halo.calls('GET', /^\/api\/tickets\/67890$/).length).toBeGreaterThan(0);
  });
});
