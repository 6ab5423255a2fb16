import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './types';

/**
 * The Content-Security-Policy of every HTML page the server sends. Scripts and styles come only from
 * this origin; anything inline must be named by its SHA-256 hash, so a tag an attacker slips into a
 * page (stored text rendered as markup, a reflected parameter) is refused by the browser even when
 * the escaping in front of it fails. No nonce: every page is the same for every request, so hashes
 * work and the pages stay cacheable.
 *
 * - `connect-src 'self'` covers the JSON API and the live stream (same-origin EventSource).
 * - `img-src 'self' data:` for the favicon and the QR code of MFA enrolment (both data: URLs); images
 *   from elsewhere (e.g. linked from an article) are not loaded, which also keeps readers untracked.
 * - `style-src-attr` is not relaxed for the app: React sets `style` props through the CSS object model,
 *   which CSP does not police; only style attributes parsed from markup would need 'unsafe-inline'.
 */
export type PolicyOptions = {
  /** Hash sources (see `inlineHash`) of inline `<script>` blocks the page needs. */
  scriptHashes?: readonly string[];
  /** Hash sources of inline `<style>` blocks the page needs. */
  styleHashes?: readonly string[];
  /** Allows `style="…"` attributes (only the dev outbox, whose mail previews are styled that way). */
  allowStyleAttributes?: boolean;
};

/** The hash source (`'sha256-…'`) that allows one inline block with exactly this text. */
export function inlineHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

export function contentSecurityPolicy(options: PolicyOptions = {}): string {
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'", ...(options.scriptHashes ?? [])],
    ['style-src', "'self'", ...(options.styleHashes ?? [])],
    ['img-src', "'self'", 'data:'],
    ['font-src', "'self'"],
    ['connect-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'self'"],
    ['frame-ancestors', "'none'"],
    ['form-action', "'self'"],
  ];
  if (options.allowStyleAttributes) directives.push(['style-src-attr', "'unsafe-inline'"]);
  return directives.map((d) => d.join(' ')).join('; ');
}

export const CSP_HEADER = 'Content-Security-Policy';

/** The policy of a page that has nothing inline. */
export const DEFAULT_POLICY = contentSecurityPolicy();

/**
 * Hash sources for the inline `<script>` and `<style>` blocks of an HTML document (a script with a
 * `src` is not inline). Used on the built index.html, so a build that starts inlining something keeps
 * working without opening the policy up.
 */
export function inlineBlockHashes(html: string): { scriptHashes: string[]; styleHashes: string[] } {
  const hashes = (pattern: RegExp) => [...html.matchAll(pattern)].map((m) => inlineHash(m[1] ?? ''));
  return {
    scriptHashes: hashes(/<script\b(?![^>]*\ssrc\s*=)[^>]*>([\s\S]*?)<\/script\s*>/gi),
    styleHashes: hashes(/<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi),
  };
}

/**
 * Gives every HTML answer a policy: the default one unless the handler set its own (pages with inline
 * blocks). Other answers (JSON, assets, the event stream) are not documents and need none.
 */
export function htmlContentSecurityPolicy(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const type = c.res.headers.get('content-type') ?? '';
    if (/^text\/html\b/i.test(type) && !c.res.headers.has(CSP_HEADER)) {
      c.res.headers.set(CSP_HEADER, DEFAULT_POLICY);
    }
  };
}
