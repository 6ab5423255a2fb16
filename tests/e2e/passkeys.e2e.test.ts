import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser';
import { DEMO_PASSWORD, formatAxe, seriousAxeViolations, UI_TIMEOUT, USERS } from '../helpers/e2e';
import { freePort, SEEDED_DEMO_DIR, startServerProcess, type ServerProcess } from '../helpers/server-process';

/**
 * Passkeys in Chromium with the DevTools WebAuthn virtual authenticator: register one from settings,
 * sign out, then sign in with the password and the passkey. WebAuthn does not accept an IP address
 * as the relying party, so this server's APP_URL (and the browser) use localhost.
 */
describe('passkeys in the browser', () => {
  let server: ServerProcess;
  let browser: Browser;
  let dataDir: string;

  beforeAll(async () => {
    const port = await freePort();
    dataDir = mkdtempSync(join(tmpdir(), 'rf-e2e-passkeys-'));
    if (existsSync(SEEDED_DEMO_DIR)) cpSync(SEEDED_DEMO_DIR, dataDir, { recursive: true });
    server = await startServerProcess({ APP_URL: `http://localhost:${port}` }, { port, dataDir });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('registers a passkey from settings, then signs in with it after the password', async () => {
    const context = await browser.newContext({ baseURL: `http://localhost:${server.port}` });
    try {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('WebAuthn.enable');
      const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: {
          protocol: 'ctap2',
          transport: 'internal',
          hasResidentKey: true,
          hasUserVerification: true,
          isUserVerified: true,
        },
      });

      const signInWithPassword = async () => {
        await page.getByLabel('Email').fill(USERS.tech);
        await page.getByLabel('Password').fill(DEMO_PASSWORD);
        await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      };

      await page.goto('/settings/two-factor');
      await signInWithPassword();
      await page.getByRole('heading', { name: 'Passkeys' }).waitFor({ timeout: UI_TIMEOUT });
      await page.getByText('You have no passkeys yet.').waitFor({ timeout: UI_TIMEOUT });
      const onSettings = await seriousAxeViolations(page);
      expect(onSettings, formatAxe('passkeys settings', onSettings)).toEqual([]);

      await page.getByLabel('Passkey name').fill('Work laptop');
      await page.getByRole('button', { name: 'Add a passkey' }).click();
      // The first factor brings the recovery codes, shown once.
      const codes = page.getByRole('list', { name: 'Recovery codes' });
      await codes.waitFor({ timeout: UI_TIMEOUT });
      expect(await codes.getByRole('listitem').count()).toBe(10);
      await page.getByRole('button', { name: 'Done' }).click();
      const list = page.getByRole('list', { name: 'Your passkeys' });
      await list.getByText('Work laptop').waitFor({ timeout: UI_TIMEOUT });
      const onList = await seriousAxeViolations(page);
      expect(onList, formatAxe('passkey list', onList)).toEqual([]);
      const stored = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      expect(stored.credentials).toHaveLength(1);

      await page.getByRole('button', { name: /account menu/ }).click();
      await page.getByRole('button', { name: 'Log out' }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: UI_TIMEOUT });

      await page.goto('/');
      await signInWithPassword();
      await page.getByRole('heading', { name: 'Two-factor sign-in' }).waitFor({ timeout: UI_TIMEOUT });
      await page.getByRole('button', { name: 'Use a passkey' }).click();
      await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor({ timeout: UI_TIMEOUT });
      expect(new URL(page.url()).pathname).toBe('/');
      // The authenticator signed once more (the server checked and kept its counter).
      const after = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      expect(after.credentials[0]!.signCount).toBeGreaterThan(stored.credentials[0]!.signCount);
    } finally {
      await context.close();
    }
  });
});
