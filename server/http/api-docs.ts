import { contentSecurityPolicy, inlineHash } from './content-security-policy';

/**
 * A browsable API reference rendered from the OpenAPI document on the server: no CDN script, so it
 * works on an offline install.
 */
type Operation = {
  summary?: string;
  tags?: string[];
  parameters?: { name: string; in: string }[];
  requestBody?: unknown;
  responses?: Record<string, { description?: string }>;
};
type OpenApiDoc = {
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
};

// The page's only inline block; the policy names it by hash (no 'unsafe-inline').
const API_DOCS_CSS = `
body{font:15px/1.5 system-ui,sans-serif;max-width:980px;margin:2rem auto;padding:0 1rem;color:#0f172a;background:#fff}
@media (prefers-color-scheme:dark){body{color:#e2e8f0;background:#0f172a}pre{background:#1e293b!important}}
details{border:1px solid #94a3b8;border-radius:6px;margin:.4rem 0;padding:.4rem .8rem}
summary{cursor:pointer}pre{background:#f1f5f9;padding:.6rem;overflow:auto;border-radius:4px}
.m{display:inline-block;min-width:4.2em;font-weight:700}.get{color:#15803d}.post{color:#1d4ed8}.patch,.put{color:#a16207}.delete{color:#b91c1c}
`;

/** The Content-Security-Policy of the page: the default one plus the hash of its stylesheet. */
export const API_DOCS_POLICY = contentSecurityPolicy({ styleHashes: [inlineHash(API_DOCS_CSS)] });

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export function renderApiDocs(doc: OpenApiDoc, specUrl: string): string {
  const byTag = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = op.tags?.[0] ?? 'other';
      const schema = (op.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined)
        ?.content?.['application/json']?.schema;
      const responses = Object.entries(op.responses ?? {})
        .map(([code, r]) => `<li><code>${esc(code)}</code> ${esc(r.description ?? '')}</li>`)
        .join('');
      const entry = `<details><summary><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>/api/v1${esc(path)}</code> — ${esc(op.summary ?? '')}</summary>
        ${schema ? `<h4>Request body</h4><pre>${esc(JSON.stringify(schema, null, 2))}</pre>` : ''}
        <h4>Responses</h4><ul>${responses}</ul></details>`;
      byTag.set(tag, [...(byTag.get(tag) ?? []), entry]);
    }
  }
  const sections = [...byTag]
    .map(([tag, entries]) => `<section><h2>${esc(tag)}</h2>${entries.join('')}</section>`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(doc.info.title)} API reference</title>
<style>${API_DOCS_CSS}</style></head><body><h1>${esc(doc.info.title)} API <small>v${esc(doc.info.version)}</small></h1>
<p>Versioned JSON API. Errors are <code>{ code, message, details? }</code>. Authenticate with the session cookie
(mutations then need <code>X-CSRF-Token</code>) or <code>Authorization: Bearer &lt;personal API token&gt;</code>.
Machine-readable document: <a href="${esc(specUrl)}">${esc(specUrl)}</a>.</p>${sections}</body></html>`;
}
