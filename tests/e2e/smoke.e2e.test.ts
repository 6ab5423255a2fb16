import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';

describe('browser smoke: the demo starts and a user signs in', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServerProcess();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('logs in with a demo login and lands on the dashboard', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.getByLabel('Email').fill('senior@northwind.test');
    await page.getByLabel('Password').fill('demo-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor({ timeout: 10_000 });
    expect(await page.getByRole('navigation').first().textContent()).toContain('Escalations');
    expect(await page.textContent('body')).toContain('Sam Senior');
    await page.close();
  });

  it('refuses a wrong password with a visible message', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    await page.getByLabel('Email').fill('senior@northwind.test');
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('Email or password is incorrect').waitFor({ timeout: 10_000 });
    await page.close();
  });
});
