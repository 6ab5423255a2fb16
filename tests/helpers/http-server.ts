import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { answerClientErrors } from '../../server/http/client-errors';
import type { TestApp } from './app';
import { TestClient } from './test-client';

/** Serves the app on a real socket on 127.0.0.1 (port 0), for tests that need real concurrency. */
export async function listen(app: TestApp['app']): Promise<{ url: string; close: () => Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
    answerClientErrors(server);
  });
}

/** Signs in over HTTP and returns headers that authenticate later requests (cookie + CSRF). */
export async function httpLogin(url: string, email: string, password: string) {
  return (await TestClient.signIn(url, email, password)).authHeaders();
}
