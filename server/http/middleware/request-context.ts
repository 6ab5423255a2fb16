import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler, Next } from 'hono';
import { routePath } from 'hono/route';
import { runInRequestScope } from '../../lib/request-scope';
import type { AppDeps, AppEnv } from '../types';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;
// Path parameters that carry a credential (invite and password reset links) and our token prefixes.
const SECRET_PARAM = /^:(token|secret)\b/;
const SECRET_SEGMENT = /^rf[a-z]_/;

/** The request path for the log, with link tokens replaced: a log reader must not be able to use them. */
export function loggablePath(path: string, route: string): string {
  const pattern = route.split('/');
  return path
    .split('/')
    .map((segment, i) =>
      SECRET_PARAM.test(pattern[i] ?? '') || SECRET_SEGMENT.test(segment) ? '[redacted]' : segment,
    )
    .join('/');
}

/**
 * Request id (accepted from a proxy when well-formed), one JSON log line and metrics per request. The
 * rest of the request runs in its request scope, so every line logged meanwhile carries `request_id`.
 */
export function requestContext(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    await runInRequestScope(requestId, () => serveRequest(c, next, deps, requestId));
  };
}

/** The request itself: its context, its response header, then its metrics and its log line. */
async function serveRequest(c: Context<AppEnv>, next: Next, deps: AppDeps, requestId: string) {
  c.set('deps', deps);
  c.set('requestId', requestId);
  c.set('auth', undefined);
  // Set before the handler runs: changing headers afterwards would rebuild the response, which
  // breaks the live stream (it writes to the socket itself).
  c.header('X-Request-Id', requestId);
  const started = performance.now();
  deps.foreground?.begin();
  try {
    await next();
  } finally {
    deps.foreground?.end();
  }
  const seconds = (performance.now() - started) / 1000;
  // The matched pattern keeps label cardinality bounded; unmatched paths share one label.
  // After next(), the route index points at the handler that answered.
  const matched = routePath(c);
  const route = matched && matched !== '/*' && matched !== '*' ? matched : 'unmatched';
  deps.metrics.observeRequest(c.req.method, route, c.res.status, seconds);
  if (c.req.path.startsWith('/api/') || c.res.status >= 500) {
    // `request_id` comes from the request scope, like on every other line of this request.
    deps.logger.info('request', {
      method: c.req.method,
      path: loggablePath(c.req.path, route),
      route,
      status: c.res.status,
      duration_ms: Math.round(seconds * 1000),
      user_id: c.get('auth')?.actor.id,
      account_id: c.get('auth')?.actor.accountId,
    });
  }
}
