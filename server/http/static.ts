import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono, MiddlewareHandler } from 'hono';
import type { AppEnv } from './types';

const WEB_DIST = resolve(fileURLToPath(new URL('../../web/dist', import.meta.url)));

/**
 * Serves the built web app: files as files, every other non-API GET as index.html so client-side
 * routes (/sessions/123?pickup=1) load on refresh. The file handler is created on first use, once
 * the build exists.
 */
export function mountWebApp(app: Hono<AppEnv>) {
  const indexPath = join(WEB_DIST, 'index.html');
  let files: MiddlewareHandler | undefined;
  // Read once: every client-side route answers with the same page.
  let indexHtml: string | undefined;
  app.get('*', async (c, next) => {
    if (c.req.path.startsWith('/api/')) return next();
    if (indexHtml === undefined && existsSync(indexPath)) indexHtml = readFileSync(indexPath, 'utf8');
    if (indexHtml === undefined) {
      return c.text('The web app is not built yet. Run `npm run build` (npm start does this for you).', 503);
    }
    const file = join(WEB_DIST, c.req.path);
    if (c.req.path !== '/' && file.startsWith(WEB_DIST + '/') && existsSync(file)) {
      files ??= serveStatic({ root: WEB_DIST });
      return files(c, next);
    }
    return c.html(indexHtml);
  });
}
