import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { createTestAccount, TEST_PASSWORD } from '../helpers/factories';
import { httpLogin, listen } from '../helpers/http-server';

type Answer = { status: number; connection: string | undefined; body: string };

/**
 * One request through `agent`; the body goes out in `chunks` (chunked transfer encoding unless
 * `length` is given). The answer may arrive before the body is all sent, as a 413 does.
 */
function send(
  agent: http.Agent,
  url: string,
  method: string,
  headers: Record<string, string> = {},
  chunks: Buffer[] = [],
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          connection: res.headers.connection,
          body: Buffer.concat(parts).toString('utf8'),
        }),
      );
    });
    // Writing the rest of a refused body may fail once the server closes (EPIPE): the answer counts.
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    void (async () => {
      for (const c of chunks) {
        if (req.destroyed) return;
        if (!req.write(c)) await new Promise((ok) => req.once('drain', ok));
      }
      req.end();
    })();
  });
}

/**
 * A reply sent before the request body was read must close the connection (`Connection: close`):
 * the unread rest of the body is still on its way, so the socket cannot carry another request, and a
 * client told "keep-alive" reuses it and fails its next request ("socket hang up", "other side
 * closed"). Over a real socket, with a keep-alive agent that has one socket only, so reuse is forced.
 */
describe('HTTP: replies sent before the body is read close the connection', () => {
  let t: TestDatabase;
  let app: TestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  let engineer: Record<string, string>;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = createTestApp(t.db);
    server = await listen(app.app);
    const acct = await createTestAccount(t.db, { engineer: 'engineer' });
    engineer = await httpLogin(server.url, acct.users.engineer.email, TEST_PASSWORD);
  });
  afterAll(async () => {
    await server.close();
    await app.deliveries.stop();
    await app.assessments.stop();
    await t.drop();
  });

  const MB = 1024 * 1024;
  const body = (bytes: number, chunk = 256 * 1024) =>
    Array.from({ length: Math.ceil(bytes / chunk) }, () => Buffer.alloc(chunk, 0x78));

  it('a JSON body over 1 MB: 413 with Connection: close, and the same client’s next request succeeds', async () => {
    for (const framing of ['chunked', 'declared length'] as const) {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const chunks = body(2 * MB);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (framing === 'declared length')
        headers['content-length'] = String(chunks.length * chunks[0]!.length);
      const refused = await send(agent, `${server.url}/api/v1/auth/login`, 'POST', headers, chunks);
      expect(refused.status, framing).toBe(413);
      expect(JSON.parse(refused.body).code).toBe('PAYLOAD_TOO_LARGE');
      expect(refused.connection, framing).toBe('close');
      for (let i = 0; i < 3; i++) {
        const next = await send(agent, `${server.url}/healthz`, 'GET');
        expect(next.status, `${framing}, request ${i + 1} after the 413`).toBe(200);
      }
      agent.destroy();
    }
  });

  it('the upload route: 413 for a streamed upload over its limit and 415 for a body it will not read, each closing', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const upload = `${server.url}/api/v1/knowledge/import`;
    const tooLarge = await send(
      agent,
      upload,
      'POST',
      { ...engineer, 'content-type': 'multipart/form-data; boundary=x' },
      body(60 * MB, MB),
    );
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.connection).toBe('close');
    expect((await send(agent, `${server.url}/healthz`, 'GET')).status).toBe(200);

    const wrongType = await send(
      agent,
      upload,
      'POST',
      { ...engineer, 'content-type': 'application/json' },
      body(3 * MB),
    );
    expect(wrongType.status).toBe(415);
    expect(wrongType.connection).toBe('close');
    expect((await send(agent, `${server.url}/api/v1/me`, 'GET', engineer)).status).toBe(200);
    agent.destroy();
  });

  it('fetch (undici, keep-alive): the request after a 413 on a streamed body succeeds', async () => {
    for (const size of [2 * MB, 70 * MB]) {
      const refused = await fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: new Blob(body(size)).stream(),
        duplex: 'half',
      } as RequestInit);
      expect(refused.status).toBe(413);
      expect(refused.headers.get('connection')).toBe('close');
      await refused.arrayBuffer();
      const next = await fetch(`${server.url}/healthz`);
      expect(next.status).toBe(200);
      await next.arrayBuffer();
    }
  });

  it('431 (headers too large, answered before the app sees the request) closes too', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const refused = await send(agent, `${server.url}/api/v1/auth/login`, 'POST', {
      'content-type': 'application/json',
      'x-padding': 'p'.repeat(20_000),
    });
    expect(refused.status).toBe(431);
    expect(refused.connection).toBe('close');
    expect((await send(agent, `${server.url}/healthz`, 'GET')).status).toBe(200);
    agent.destroy();
  });

  it('a request whose body was read keeps its connection open', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const payload = Buffer.from(JSON.stringify({ email: 'nobody@example.test', password: 'wrong-password' }));
    const answer = await send(
      agent,
      `${server.url}/api/v1/auth/login`,
      'POST',
      { 'content-type': 'application/json', 'content-length': String(payload.length) },
      [payload],
    );
    expect(answer.status).toBe(401);
    expect(answer.connection).toBe('keep-alive');
    agent.destroy();
  });
});
