import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono, MiddlewareHandler } from 'hono';
import {
  contentSecurityPolicy,
  CSP_HEADER,
  DEFAULT_POLICY,
  inlineBlockHashes,
} from './content-security-policy';
import type { AppEnv } from './types';

/** The web push service worker (web/public/sw.js); at the root so its scope is the whole app. */
export const SERVICE_WORKER_PATH = '/sw.js';

const WEB_DIST = resolve(fileURLToPath(new URL('../../web/dist', import.meta.url)));

/**
 * Serves the built web app: files as files, every other non-API GET as index.html so client-side
 * routes (/sessions/123?pickup=1) load on refresh. The file handler is created on first use, once
 * the build exists. `webDist` is the build's folder (tests pass another one).
 */
export function mountWebApp(app: Hono<AppEnv>, webDist = WEB_DIST) {
  const indexPath = join(webDist, 'index.html');
  let files: MiddlewareHandler | undefined;
  // Read once: every client-side route answers with the same page, under the same policy.
  let indexHtml: string | undefined;
  let indexPolicy = '';
  app.get('*', async (c, next) => {
    if (c.req.path.startsWith('/api/')) return next();
    if (indexHtml === undefined && existsSync(indexPath)) {
      indexHtml = readFileSync(indexPath, 'utf8');
      // Vite emits no inline script today; should a build start to, its hash is allowed, nothing more.
      indexPolicy = contentSecurityPolicy(inlineBlockHashes(indexHtml));
    }
    if (indexHtml === undefined) {
      return c.text('The web app is not built yet. Run `npm run build` (npm start does this for you).', 503);
    }
    const file = join(webDist, c.req.path);
    // index.html itself is answered below, with its policy, like every client-side route.
    if (c.req.path !== '/' && file !== indexPath && file.startsWith(webDist + '/') && existsSync(file)) {
      files ??= serveStatic({ root: webDist });
      const res = await files(c, next);
      if (res && c.req.path === SERVICE_WORKER_PATH) {
        // Revalidated on every check, so a new worker reaches browsers at once; and a policy of its
        // own: a worker does not inherit the page's, its script's answer sets it.
        res.headers.set('Cache-Control', 'no-cache');
        res.headers.set(CSP_HEADER, DEFAULT_POLICY);
      }
      return res;
    }
    return c.html(indexHtml, 200, { [CSP_HEADER]: indexPolicy });
  });
}
