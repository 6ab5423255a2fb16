// Screenshots of the demo for the README: starts the compiled server on a fresh embedded data folder
// (so it seeds the demo exactly as a first `npm start` does), signs in with demo logins in Debian's
// Chromium and saves PNGs into docs/screenshots/. Usage: node scripts/screenshots.mjs
// Needs the web build and the compiled server (built here when stale, as `npm start` does) and
// Chromium (`CHROMIUM_PATH`, default /usr/bin/chromium).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const OUT = 'docs/screenshots';
const PASSWORD = 'demo-password';
const VIEWPORT = { width: 1280, height: 900 };
/** What to capture: who signs in, where they go, what must be on screen first, and the file. */
const SHOTS = [
  { email: 'senior@northwind.test', path: '/', ready: 'Dashboard', file: 'dashboard-senior.png' },
  { email: 'tech@northwind.test', path: '/', ready: 'Dashboard', file: 'dashboard-tech.png' },
  {
    email: 'senior@northwind.test',
    path: '/analytics?period=30d',
    ready: 'Analytics',
    file: 'analytics.png',
  },
];

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function startServer(dataDir) {
  const port = await freePort();
  // The demo is what is photographed: an embedded database, never production settings.
  const env = { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', DATABASE_URL: '' };
  delete env.NODE_ENV;
  delete env.SEED_DEMO;
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/server/main.js'], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('the server did not become ready within 120 s');
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

async function capture(browser, baseUrl, shot) {
  // Reduced motion: charts and cards are captured settled, not half-way through an animation.
  const context = await browser.newContext({
    viewport: VIEWPORT,
    reducedMotion: 'reduce',
    colorScheme: 'light',
  });
  const page = await context.newPage();
  await page.goto(baseUrl);
  await page.getByLabel('Email').fill(shot.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor({ timeout: 20_000 });
  if (shot.path !== '/') await page.goto(`${baseUrl}${shot.path}`);
  await page.getByRole('heading', { name: shot.ready, exact: true }).waitFor({ timeout: 20_000 });
  // Every query of the page answered: no spinner and nothing busy (the live stream keeps a request
  // open, so "network idle" never comes), and still so after the lazy charts had time to paint.
  const settled = () =>
    page.waitForFunction(() => !document.querySelector('.animate-spin, [aria-busy="true"]'), undefined, {
      timeout: 30_000,
    });
  await settled();
  await page.waitForTimeout(1000);
  await settled();
  await page.screenshot({ path: join(OUT, shot.file), fullPage: true });
  await context.close();
  console.log(`wrote ${join(OUT, shot.file)}`);
}

execFileSync(process.execPath, ['scripts/ensure-web-build.mjs'], { stdio: 'inherit' });
execFileSync(process.execPath, ['scripts/build-server.mjs'], { stdio: 'inherit' });
mkdirSync(OUT, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), 'rf-screenshots-'));
const server = await startServer(dataDir);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
  ],
});
try {
  for (const shot of SHOTS) await capture(browser, server.url, shot);
} finally {
  await browser.close();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
