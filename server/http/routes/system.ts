import { Hono } from 'hono';
import type { ErrorCode } from '../../../shared/error-codes';
import type { AppEnv } from '../types';

/** Liveness, readiness and metrics: outside /api/v1 and unauthenticated, as probes expect. */
export const systemRoutes = new Hono<AppEnv>()
  .get('/healthz', (c) => c.json({ status: 'ok' }))
  .get('/readyz', async (c) => {
    const ready = await c.get('deps').isReady();
    return c.json(
      ready
        ? { status: 'ready' }
        : {
            status: 'unavailable',
            code: 'NOT_READY' satisfies ErrorCode,
            message: 'Database unreachable or shutting down',
          },
      ready ? 200 : 503,
    );
  })
  .get('/metrics', (c) =>
    c.text(c.get('deps').metrics.render(), 200, { 'Content-Type': 'text/plain; version=0.0.4' }),
  );
