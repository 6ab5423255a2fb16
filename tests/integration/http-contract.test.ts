import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';
import { TestClient } from '../helpers/test-client';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { createTestAccount } from '../helpers/factories';

describe('HTTP contract: errors, validation, probes, OpenAPI', () => {
  let t: TestDatabase;
  let app: TestApp['app'];
  let admin: TestClient;
  let adminId: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = createTestApp(t.db).app;
    const acct = await createTestAccount(t.db, { owner: 'owner', tech: 'tech' });
    adminId = acct.users.tech.id;
    admin = new TestClient(app);
    await admin.login(acct.users.owner.email);
  });
  afterAll(() => t.drop());

  it('unknown API routes answer 404 in the error shape', async () => {
    const res = await admin.get('/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ code: 'NOT_FOUND', message: expect.any(String) });
    expect((await admin.get('/api/v2/members')).status).toBe(404);
  });

  it('unauthenticated API calls answer 401 in the error shape', async () => {
    const res = await new TestClient(app).get('/api/v1/members');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHORIZED');
  });

  it('every response carries a request id, and a well-formed incoming one is kept', async () => {
    expect((await admin.get('/api/v1/me')).headers.get('x-request-id')).toMatch(/[0-9a-f-]{36}/);
    const res = await admin.request('GET', '/api/v1/me', undefined, { 'x-request-id': 'trace-123' });
    expect(res.headers.get('x-request-id')).toBe('trace-123');
  });

  const badBodies: [string, unknown][] = [
    ['malformed JSON', '{"email": '],
    ['a JSON array', '[1,2,3]'],
    ['a JSON string', '"hello"'],
    ['null', 'null'],
    ['wrong types', { email: 42, role: ['tech'] }],
    ['unknown role', { email: 'a@example.test', role: 'superuser' }],
    ['huge string', { email: `${'a'.repeat(100_000)}@example.test`, role: 'tech' }],
    ['missing fields', {}],
  ];
  for (const [label, body] of badBodies) {
    it(`a body with ${label} answers 400 and changes nothing`, async () => {
      const before = (await admin.get('/api/v1/invites')).body.items.length;
      const res = await admin.request('POST', '/api/v1/invites', body, {
        'content-type': 'application/json',
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: expect.any(String), message: expect.any(String) });
      expect((await admin.get('/api/v1/invites')).body.items.length).toBe(before);
    });
  }

  it('a body over 1 MB answers 413', async () => {
    const res = await admin.request(
      'POST',
      '/api/v1/invites',
      JSON.stringify({ email: 'x'.repeat(1_100_000) }),
      {
        'content-type': 'application/json',
      },
    );
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('unknown fields are ignored, not stored and not an error', async () => {
    const res = await admin.post('/api/v1/invites', {
      email: 'extra@example.test',
      role: 'tech',
      is_admin: true,
      account_id: 'x',
    });
    expect(res.status).toBe(201);
    expect(res.body.role).toBe('tech');
  });

  it('malformed path ids and odd headers are 4xx, never 5xx', async () => {
    expect((await admin.patch('/api/v1/members/not-a-uuid', { role: 'tech' })).status).toBe(400);
    expect((await admin.patch(`/api/v1/members/${adminId}`, { role: 'tech', is_active: 'yes' })).status).toBe(
      400,
    );
    const weird = await admin.request('POST', '/api/v1/auth/login', 'email=a', {
      'content-type': 'text/plain',
    });
    expect(weird.status).toBeGreaterThanOrEqual(400);
    expect(weird.status).toBeLessThan(500);
    const noType = await admin.request('POST', '/api/v1/auth/login', '{"email":"a","password":"b"}', {
      'content-type': '',
    });
    expect(noType.status).toBeLessThan(500);
  });

  it('healthz, readyz and Prometheus metrics by route', async () => {
    expect((await admin.get('/healthz')).body).toEqual({ status: 'ok' });
    expect((await admin.get('/readyz')).body).toEqual({ status: 'ready' });
    // Without METRICS_TOKEN, metrics are served to loopback callers only (tests/integration/metrics-access.test.ts).
    const metrics = await new TestClient(app, '127.0.0.1').get('/metrics');
    expect(metrics.headers.get('content-type')).toMatch(/text\/plain/);
    expect(metrics.text).toMatch(
      /http_requests_total\{method="GET",route="\/api\/v1\/me",status="200"\} \d+/,
    );
    expect(metrics.text).toMatch(
      /http_request_duration_seconds_bucket\{method="GET",route="\/api\/v1\/me",le="0.005"\}/,
    );
  });

  it('serves an OpenAPI 3.1 document and a browsable reference', async () => {
    const doc = await admin.get('/api/v1/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/auth/login', '/members', '/members/{id}', '/invites', '/tokens']),
    );
    const page = await admin.get('/api/docs');
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.text).toContain('/api/v1/auth/login');
  });
});
