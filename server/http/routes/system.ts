import { Hono } from 'hono';
import type { ErrorCode } from '../../../shared/error-codes';
import { metricsRefusal } from '../metrics-access';
import type { AppEnv } from '../types';

/** Liveness, readiness and metrics: outside /api/v1; the probes are unauthenticated, as probes expect. */
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
  // Behind METRICS_TOKEN, or loopback-only without it (off in production): see metrics-access.ts.
  .get('/metrics', (c) => {
    const refusal = metricsRefusal(c);
    if (refusal) return c.json({ code: refusal.code, message: refusal.message }, refusal.status);
    return c.text(c.get('deps').metrics.render(), 200, { 'Content-Type': 'text/plain; version=0.0.4' });
  });
