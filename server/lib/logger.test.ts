import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { requestContext } from '../http/middleware/request-context';
import { Metrics } from '../http/metrics';
import type { AppDeps, AppEnv } from '../http/types';
import { createLogger, type LogLevel } from './logger';
import { outsideRequestScope } from './request-scope';

/** A logger whose lines are kept, parsed, for the test to read. */
function capturedLogger(level: LogLevel = 'debug') {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger(level, (line) => {
    expect(line.endsWith('\n')).toBe(true);
    lines.push(JSON.parse(line) as Record<string, unknown>);
  });
  return { logger, lines };
}

/** The request-id middleware in front of one route that logs after an await, as real handlers do. */
function appLoggingThrough(deps: Pick<AppDeps, 'logger' | 'metrics'>) {
  const app = new Hono<AppEnv>();
  // The middleware reads only these two of the app's dependencies.
  app.use('*', requestContext(deps as AppDeps));
  app.get('/api/v1/thing', async (c) => {
    await new Promise((resolve) => setTimeout(resolve, 1));
    deps.logger.info('handling thing');
    outsideRequestScope(() => deps.logger.info('background work woken by the request'));
    return c.json({ ok: true });
  });
  return app;
}

describe('logger', () => {
  it('writes one JSON object per line: level name, ISO time, msg and the fields', () => {
    const { logger, lines } = capturedLogger('info');
    logger.debug('below the level');
    logger.warn('disk almost full', { free_mb: 12 });
    expect(lines).toEqual([
      {
        level: 'warn',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        msg: 'disk almost full',
        free_mb: 12,
      },
    ]);
  });

  it('adds the request id to every line logged while serving a request, and to no other', async () => {
    const { logger, lines } = capturedLogger();
    const app = appLoggingThrough({ logger, metrics: new Metrics() });

    logger.info('before any request');
    const res = await app.request('/api/v1/thing', { headers: { 'x-request-id': 'req-abc.123' } });
    expect(res.status).toBe(200);
    logger.info('after the request');

    const byMsg = (msg: string) => lines.find((line) => line.msg === msg);
    expect(byMsg('handling thing')?.request_id).toBe('req-abc.123');
    expect(byMsg('request')).toMatchObject({ request_id: 'req-abc.123', path: '/api/v1/thing', status: 200 });
    expect(byMsg('background work woken by the request')).not.toHaveProperty('request_id');
    expect(byMsg('before any request')).not.toHaveProperty('request_id');
    expect(byMsg('after the request')).not.toHaveProperty('request_id');

    // Concurrent requests each keep their own id.
    lines.length = 0;
    await Promise.all(
      ['req-1', 'req-2', 'req-3'].map((id) =>
        app.request('/api/v1/thing', { headers: { 'x-request-id': id } }),
      ),
    );
    const handled = lines.filter((line) => line.msg === 'handling thing').map((line) => line.request_id);
    expect(handled.sort()).toEqual(['req-1', 'req-2', 'req-3']);
  });

  it('redacts secret-looking keys at any depth, in arrays too', () => {
    const { logger, lines } = capturedLogger();
    logger.error('delivery attempt failed', {
      channel: { name: 'ops', webhook_secret: 's3cr3t-value', headers: { Authorization: 'Bearer abc' } },
      attempts: [{ api_key: 'sk-live-123', status: 500 }],
      password: 'hunter2',
      user_id: 'u1',
    });
    expect(lines[0]).toMatchObject({
      msg: 'delivery attempt failed',
      channel: { name: 'ops', webhook_secret: '[redacted]', headers: { Authorization: '[redacted]' } },
      attempts: [{ api_key: '[redacted]', status: 500 }],
      password: '[redacted]',
      user_id: 'u1',
    });
    expect(JSON.stringify(lines)).not.toMatch(/s3cr3t|Bearer abc|sk-live|hunter2/);
  });

  it('writes nothing at level silent', () => {
    const { logger, lines } = capturedLogger('silent');
    logger.error('not written');
    expect(lines).toEqual([]);
  });
});
