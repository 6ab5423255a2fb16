import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono, MiddlewareHandler } from 'hono';
import { contentSecurityPolicy, CSP_HEADER, inlineBlockHashes } from './content-security-policy';
import type { AppEnv } from './types';

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
      return files(c, next);
    }
    return c.html(indexHtml, 200, { [CSP_HEADER]: indexPolicy });
  });
}
