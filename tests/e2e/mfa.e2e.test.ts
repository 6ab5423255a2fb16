import { describe, expect, it } from 'vitest';
import { totpCodeAt } from '../helpers/security/mfa';
import {
  browserSuite,
  DEMO_PASSWORD,
  formatAxe,
  seriousAxeViolations,
  UI_TIMEOUT,
  USERS,
} from '../helpers/e2e';

/** Two-factor sign-in in Chromium: enrol from settings with a code computed here, sign out, sign in again. */
describe('two-factor sign-in in the browser', () => {
  const suite = browserSuite();

  it('sets up an authenticator app from settings, then asks for its code at the next sign-in', async () => {
    const email = USERS.viewer;
    const context = await suite.browser.newContext({ baseURL: suite.server.url });
    suite.contexts.push(context);
    const page = await context.newPage();
    await page.goto('/settings/two-factor');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Two-factor authentication' }).waitFor({ timeout: UI_TIMEOUT });
    await page.getByRole('button', { name: 'Set up authenticator app' }).click();

    await page.getByRole('img', { name: /QR code/ }).waitFor({ timeout: UI_TIMEOUT });
    const onEnrol = await seriousAxeViolations(page);
    expect(onEnrol, formatAxe('enrolment', onEnrol)).toEqual([]);
    const secret = await page.getByRole('textbox', { name: 'Secret key' }).inputValue();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const enrolledAt = new Date();
    await page.getByLabel('Code from the app').fill(totpCodeAt(secret, enrolledAt));
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();

    const codes = page.getByRole('list', { name: 'Recovery codes' });
    await codes.waitFor({ timeout: UI_TIMEOUT });
    expect(await codes.getByRole('listitem').count()).toBe(10);
    const onCodes = await seriousAxeViolations(page);
    expect(onCodes, formatAxe('recovery codes', onCodes)).toEqual([]);
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByText(/unused recovery codes/).waitFor({ timeout: UI_TIMEOUT });

    // Sign out from the account menu.
    await page.getByRole('button', { name: /account menu/ }).click();
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: UI_TIMEOUT });

    // The password alone now leads to the second step.
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Two-factor sign-in' }).waitFor({ timeout: UI_TIMEOUT });
    const onStep = await seriousAxeViolations(page);
    expect(onStep, formatAxe('second step', onStep)).toEqual([]);

    // The enrolment spent its code's time step; the next step's code is in the accepted window.
    await page
      .getByLabel('Authentication code')
      .fill(totpCodeAt(secret, new Date(enrolledAt.getTime() + 30_000)));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('button', { name: /^Notifications/ }).waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getByRole('heading', { name: 'Two-factor sign-in' }).count()).toBe(0);
  });
});
