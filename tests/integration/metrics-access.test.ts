import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testConfig } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { listen } from '../helpers/http-server';
import { TestClient } from '../helpers/test-client';

const TOKEN = 'metrics-token-for-the-tests-0123456789';

/**
 * /metrics outlines the traffic (routes, counts, memory, open streams): with METRICS_TOKEN only a
 * bearer of it reads them; without, only this machine outside production, and nobody in production.
 */
describe('/metrics access', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  const metricsOf = (app: ReturnType<typeof createTestApp>['app'], peer: string, headers = {}) =>
    new TestClient(app, peer).request('GET', '/metrics', undefined, headers);

  it('with METRICS_TOKEN: no token or a wrong one is refused (401), the token reads them (200), over a real socket', async () => {
    const app = createTestApp(t.db, { config: testConfig({ METRICS_TOKEN: TOKEN }) }).app;
    const server = await listen(app);
    try {
      const get = (headers: Record<string, string> = {}) => fetch(`${server.url}/metrics`, { headers });
      const none = await get();
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect((await none.json()).code).toBe('UNAUTHORIZED');
      expect((await get({ authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
      expect((await get({ authorization: `Bearer ${TOKEN.slice(0, -1)}` })).status).toBe(401);
      expect((await get({ authorization: TOKEN })).status).toBe(401);
      const ok = await get({ authorization: `Bearer ${TOKEN}` });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toMatch(/text\/plain/);
      expect(await ok.text()).toMatch(/^# HELP http_requests_total/);
    } finally {
      await server.close();
    }
    // The token is what counts, not the address: loopback without it is refused too.
    expect((await metricsOf(app, '127.0.0.1')).status).toBe(401);
    expect((await metricsOf(app, '203.0.113.9', { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
  });

  it('without METRICS_TOKEN outside production: loopback callers only, and not through a proxy', async () => {
    const app = createTestApp(t.db).app;
    // Over a real socket on 127.0.0.1, as the fault tests and the load benchmark scrape it.
    const server = await listen(app);
    try {
      expect((await fetch(`${server.url}/metrics`)).status).toBe(200);
      const relayed = await fetch(`${server.url}/metrics`, { headers: { 'x-real-ip': '203.0.113.9' } });
      expect(relayed.status).toBe(403);
    } finally {
      await server.close();
    }
    expect((await metricsOf(app, '127.0.0.1')).status).toBe(200);
    expect((await metricsOf(app, '::1')).status).toBe(200);
    expect((await metricsOf(app, '::ffff:127.0.0.1')).status).toBe(200);
    const remote = await metricsOf(app, '203.0.113.9');
    expect(remote.status).toBe(403);
    expect(remote.body.code).toBe('FORBIDDEN');
    expect(remote.body.message).toMatch(/METRICS_TOKEN/);
    // A proxy on this machine relays everybody from 127.0.0.1; its forwarding header gives it away.
    expect((await metricsOf(app, '127.0.0.1', { 'x-forwarded-for': '203.0.113.9' })).status).toBe(403);
    expect((await metricsOf(app, '127.0.0.1', { forwarded: 'for=203.0.113.9' })).status).toBe(403);
    // Even when that proxy is trusted for client addresses.
    const proxied = createTestApp(t.db, { config: testConfig({ TRUST_PROXY: 'loopback' }) }).app;
    expect((await metricsOf(proxied, '127.0.0.1', { 'x-forwarded-for': '127.0.0.1' })).status).toBe(403);
  });

  it('without METRICS_TOKEN in production: off for everybody, loopback included', async () => {
    const config = testConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://u@h/db',
      SESSION_SECRET: 's'.repeat(40),
      SMTP_URL: 'smtp://127.0.0.1:2525',
    });
    const app = createTestApp(t.db, { config }).app;
    const off = await metricsOf(app, '127.0.0.1');
    expect(off.status).toBe(404);
    expect(off.body.message).toMatch(/METRICS_TOKEN/);
    const withToken = createTestApp(t.db, { config: { ...config, metricsToken: TOKEN } }).app;
    expect((await metricsOf(withToken, '203.0.113.9', { authorization: `Bearer ${TOKEN}` })).status).toBe(
      200,
    );
  });
});
