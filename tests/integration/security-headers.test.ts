import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { createTestAccount } from '../helpers/factories';
import { listen } from '../helpers/http-server';
import { TestClient, type ApiResponse } from '../helpers/test-client';

/**
 * Every HTML page the server sends (the web app on any client route, the API reference, the dev
 * outbox) carries a strict Content-Security-Policy over real HTTP, and every inline block a page has
 * is allowed by its hash and nothing else. JSON needs no policy, but every answer gets the other
 * protective headers. The web app must be built (`npm run build`; `npm test` does it).
 */
const WEB_DIST = new URL('../../web/dist/', import.meta.url);

const directives = (policy: string | null) =>
  new Map(
    (policy ?? '').split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Hashes of the page's inline blocks, computed here independently of the server's code. */
function inlineBlocks(html: string, tag: 'script' | 'style'): string[] {
  const blocks = [...html.matchAll(new RegExp(`<${tag}\\b([^>]*)>([\\s\\S]*?)</${tag}>`, 'gi'))];
  return blocks.filter((m) => !/\ssrc=/.test(m[1] ?? '')).map((m) => sha256(m[2] ?? ''));
}

/** The checks every HTML answer must pass; returns the parsed directives for page-specific ones. */
function expectStrictPolicy(res: ApiResponse, where: string) {
  expect(res.status, where).toBe(200);
  expect(res.headers.get('content-type'), where).toMatch(/^text\/html/);
  const policy = res.headers.get('content-security-policy');
  expect(policy, `${where} has no Content-Security-Policy`).toBeTruthy();
  const d = directives(policy);
  expect(d.get('default-src'), where).toEqual(["'self'"]);
  expect(d.get('object-src'), where).toEqual(["'none'"]);
  expect(d.get('base-uri'), where).toEqual(["'self'"]);
  expect(d.get('frame-ancestors'), where).toEqual(["'none'"]);
  expect(d.get('form-action'), where).toEqual(["'self'"]);
  expect(d.get('connect-src'), where).toEqual(["'self'"]);
  expect(d.get('img-src'), where).toEqual(["'self'", 'data:']);
  // Scripts: this origin plus exactly the page's own inline blocks (if any); never unsafe-*.
  expect(d.get('script-src'), where).toEqual(["'self'", ...inlineBlocks(res.text, 'script')]);
  expect(d.get('style-src'), where).toEqual(["'self'", ...inlineBlocks(res.text, 'style')]);
  for (const name of ['script-src', 'style-src', 'default-src'])
    expect(d.get(name)?.join(' '), `${where} ${name}`).not.toMatch(/unsafe|nonce|\*/);
  expect(res.headers.get('x-content-type-options'), where).toBe('nosniff');
  expect(res.headers.get('x-frame-options'), where).toBe('DENY');
  expect(res.headers.get('referrer-policy'), where).toBe('no-referrer');
  return d;
}

describe('security headers over HTTP', () => {
  let t: TestDatabase;
  let server: { url: string; close: () => Promise<void> };
  let owner: TestClient;
  let anonymous: TestClient;

  beforeAll(async () => {
    if (!existsSync(new URL('index.html', WEB_DIST)))
      throw new Error('build the web app first: npm run build');
    t = await createTestDatabase();
    server = await listen(createTestApp(t.db).app);
    const acct = await createTestAccount(t.db, { owner: 'owner' });
    owner = await TestClient.signIn(server.url, acct.users.owner.email);
    anonymous = new TestClient(server.url);
  });
  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  it('the web app has the strict policy on every client route, and the built page has no inline script', async () => {
    const first = await anonymous.get('/');
    expectStrictPolicy(first, '/');
    // Vite's module preload helper lives in the entry chunk, not inline: nothing to hash today.
    expect(inlineBlocks(first.text, 'script')).toEqual([]);
    expect(first.text).toMatch(
      /<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js"><\/script>/,
    );
    for (const path of ['/escalations', '/sessions/123?pickup=1', '/index.html', '/knowledge/articles/x']) {
      const res = await owner.get(path);
      expectStrictPolicy(res, path);
      expect(res.headers.get('content-security-policy'), path).toBe(
        first.headers.get('content-security-policy'),
      );
    }
  });

  it('the policy is the same on every response (hashes, no per-response nonce), so the page stays cacheable', async () => {
    const a = await anonymous.get('/');
    const b = await anonymous.get('/');
    expect(a.headers.get('content-security-policy')).toBe(b.headers.get('content-security-policy'));
    expect(a.headers.get('content-security-policy')).not.toContain('nonce-');
  });

  it('the API reference allows exactly its one inline stylesheet by hash', async () => {
    const res = await anonymous.get('/api/docs');
    const d = expectStrictPolicy(res, '/api/docs');
    expect(inlineBlocks(res.text, 'style')).toHaveLength(1);
    expect(res.text).not.toMatch(/<script/i);
    expect(d.has('style-src-attr')).toBe(false);
  });

  it('the dev outbox allows its stylesheet by hash and style attributes for the mail previews, no script', async () => {
    const res = await owner.get('/api/v1/dev/outbox/view');
    const d = expectStrictPolicy(res, '/api/v1/dev/outbox/view');
    expect(inlineBlocks(res.text, 'style')).toHaveLength(1);
    expect(d.get('style-src-attr')).toEqual(["'unsafe-inline'"]);
    expect(d.get('script-src')).toEqual(["'self'"]);
  });

  it('JSON answers, errors and assets carry no policy but the other protective headers', async () => {
    const asset = readdirSync(WEB_DIST.pathname + 'assets').find((f) => f.endsWith('.js'));
    const answers: [string, ApiResponse][] = [
      ['/api/v1/me', await owner.get('/api/v1/me')],
      ['/api/v1/nothing-here', await owner.get('/api/v1/nothing-here')],
      ['/api/v1/members (401)', await anonymous.get('/api/v1/members')],
      ['/healthz', await anonymous.get('/healthz')],
      [`/assets/${asset}`, await anonymous.get(`/assets/${asset}`)],
    ];
    for (const [where, res] of answers) {
      expect(res.headers.get('content-type'), where).not.toMatch(/text\/html/);
      expect(res.headers.get('content-security-policy'), where).toBeNull();
      expect(res.headers.get('x-content-type-options'), where).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), where).toBe('DENY');
    }
    expect(answers[4]?.[1].status).toBe(200);
  });
});
