import { chromium, type Browser, type LaunchOptions } from 'playwright-core';
import { inject } from 'vitest';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with the flags that keep it off the (closed) network. */
export const CHROMIUM_OPTIONS: LaunchOptions = {
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

declare module 'vitest' {
  interface ProvidedContext {
    /** Playwright endpoint of the run's shared Chromium (chromium.setup.ts); absent without that setup. */
    chromiumEndpoint?: string;
  }
}

/**
 * A browser for one test file. The browser project starts one Chromium per run (chromium.setup.ts)
 * and each file connects to it: launching costs about 2 s and its first page about 1 s more, per file.
 * Isolation is unchanged, since every test works in its own browser context (own cookies, storage,
 * service workers), and `close()` closes this file's contexts and disconnects. Anywhere else (a
 * project without that setup) it launches a Chromium of its own, as before.
 */
export function launchChromium(): Promise<Browser> {
  const endpoint = inject('chromiumEndpoint');
  if (endpoint) return chromium.connect(endpoint);
  return chromium.launch(CHROMIUM_OPTIONS);
}
