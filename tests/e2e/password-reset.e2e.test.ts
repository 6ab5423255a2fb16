import { describe, expect, it } from 'vitest';
import {
  browserSuite,
  DEMO_PASSWORD,
  formatAxe,
  seriousAxeViolations,
  UI_TIMEOUT,
  USERS,
} from '../helpers/e2e';
import { TestClient } from '../helpers/test-client';

/** The whole reset flow in Chromium: the link comes from the mail the server wrote (dev outbox). */
describe('password reset in the browser', () => {
  const suite = browserSuite();

  /**
   * The reset link mailed to `email`, read from the dev outbox by its recipient (signed in with the
   * demo password): a reset link is shown to nobody else, not even the account's owner.
   */
  async function mailedLink(email: string): Promise<string> {
    const recipient = await TestClient.signIn(suite.server.url, email, DEMO_PASSWORD);
    const until = Date.now() + UI_TIMEOUT;
    for (;;) {
      const outbox = await recipient.request<{ items: { to: string; subject: string; text: string }[] }>(
        'GET',
        '/api/v1/dev/outbox',
      );
      const mail = outbox.body.items.find(
        (m) => m.to.includes(email) && m.subject === 'Reset your ResolutionFlow password',
      );
      const link = mail && /https?:\/\/\S+\/reset-password\/rfr_[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
      if (link) return new URL(link).pathname;
      if (Date.now() > until) throw new Error(`no reset mail for ${email}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('asks for a link from the sign-in page, sets a new password from the mail, and signs out the other devices', async () => {
    const email = USERS.tech2;
    const laptop = await suite.signIn(email, '/');

    const context = await suite.browser.newContext({ baseURL: suite.server.url });
    suite.contexts.push(context);
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByRole('heading', { name: 'Reset your password' }).waitFor({ timeout: UI_TIMEOUT });
    const onRequest = await seriousAxeViolations(page);
    expect(onRequest, formatAxe('request page', onRequest)).toEqual([]);
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor({ timeout: UI_TIMEOUT });

    const path = await mailedLink(email);
    await page.goto(path);
    await page.getByRole('heading', { name: 'Set a new password' }).waitFor({ timeout: UI_TIMEOUT });
    // The heading renders before the link's details arrive; on a busy machine the email follows later.
    await page.getByText(email).first().waitFor({ timeout: UI_TIMEOUT });
    const onReset = await seriousAxeViolations(page);
    expect(onReset, formatAxe('new password page', onReset)).toEqual([]);
    const newPassword = 'a-fresh-browser-password';
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Confirm new password').fill(newPassword);
    await page.getByRole('button', { name: 'Set new password and sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor({ timeout: UI_TIMEOUT });

    // The laptop's session was revoked: its next load shows the sign-in page.
    await laptop.page.reload();
    await laptop.page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: UI_TIMEOUT });

    const login = (password: string) =>
      fetch(`${suite.server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      }).then((r) => r.status);
    expect(await login(DEMO_PASSWORD)).toBe(401);
    expect(await login(newPassword)).toBe(200);

    // The link worked once.
    const again = await suite.browser.newContext({ baseURL: suite.server.url });
    suite.contexts.push(again);
    const second = await again.newPage();
    await second.goto(path);
    await second
      .getByRole('heading', { name: 'This link has already been used' })
      .waitFor({ timeout: UI_TIMEOUT });
    await second.getByRole('link', { name: 'Send a new link' }).waitFor({ timeout: UI_TIMEOUT });
  });
});
