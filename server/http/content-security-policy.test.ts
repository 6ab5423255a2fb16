import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  DEFAULT_POLICY,
  htmlContentSecurityPolicy,
  inlineBlockHashes,
  inlineHash,
} from './content-security-policy';
import { mountWebApp } from './static';
import type { AppEnv } from './types';

/** The directives of a policy header, by name. */
const directives = (policy: string) =>
  new Map(
    policy.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );

describe('Content-Security-Policy', () => {
  it('is strict by default: scripts and styles from this origin only, nothing inline', () => {
    const d = directives(DEFAULT_POLICY);
    expect(Object.fromEntries(d)).toEqual({
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'style-src': ["'self'"],
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'"],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'self'"],
      'frame-ancestors': ["'none'"],
      'form-action': ["'self'"],
    });
  });

  it('names an inline block by the base64 SHA-256 of its exact text', () => {
    const css = 'body{color:red}';
    const expected = createHash('sha256').update(css).digest('base64');
    expect(inlineHash(css)).toBe(`'sha256-${expected}'`);
    const d = directives(contentSecurityPolicy({ styleHashes: [inlineHash(css)] }));
    expect(d.get('style-src')).toEqual(["'self'", `'sha256-${expected}'`]);
    expect(d.get('script-src')).toEqual(["'self'"]);
  });

  it('allows style attributes only when asked, and never unsafe-inline for scripts', () => {
    expect(DEFAULT_POLICY).not.toContain('unsafe-inline');
    const relaxed = directives(contentSecurityPolicy({ allowStyleAttributes: true }));
    expect(relaxed.get('style-src-attr')).toEqual(["'unsafe-inline'"]);
    expect(relaxed.get('script-src')).toEqual(["'self'"]);
  });

  it('finds inline script and style blocks, but not scripts loaded by src', () => {
    const html = `<head><script type="module" crossorigin src="/assets/a.js"></script>
<script>window.boot=1</script><style media="all">p{margin:0}</style></head>`;
    expect(inlineBlockHashes(html)).toEqual({
      scriptHashes: [inlineHash('window.boot=1')],
      styleHashes: [inlineHash('p{margin:0}')],
    });
    expect(inlineBlockHashes('<script src="/a.js"></script>')).toEqual({ scriptHashes: [], styleHashes: [] });
  });
});

describe('the web app under its policy', () => {
  const dist = mkdtempSync(join(tmpdir(), 'rf-csp-'));
  mkdirSync(join(dist, 'assets'));
  const inline = 'window.__boot = true';
  writeFileSync(
    join(dist, 'index.html'),
    `<!doctype html><html><head><script type="module" src="/assets/app.js"></script><script>${inline}</script></head><body></body></html>`,
  );
  writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
  const app = new Hono<AppEnv>();
  app.use('*', htmlContentSecurityPolicy());
  app.get('/api/v1/ping', (c) => c.json({ ok: true }));
  app.get('/plain-page', (c) => c.html('<p>hi</p>'));
  mountWebApp(app, dist);
  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  it('answers every client route and index.html itself with the page, allowing its inline script by hash', async () => {
    for (const path of ['/', '/sessions/123?pickup=1', '/index.html']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).toContain(inline);
      const d = directives(res.headers.get('content-security-policy') ?? '');
      expect(d.get('script-src'), path).toEqual(["'self'", inlineHash(inline)]);
    }
  });

  it('gives other HTML the default policy, and assets and JSON none', async () => {
    expect((await app.request('/plain-page')).headers.get('content-security-policy')).toBe(DEFAULT_POLICY);
    const asset = await app.request('/assets/app.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-security-policy')).toBeNull();
    expect((await app.request('/api/v1/ping')).headers.get('content-security-policy')).toBeNull();
  });
});
