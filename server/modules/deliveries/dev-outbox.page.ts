import { contentSecurityPolicy, inlineHash } from '../../http/content-security-policy';
import type { DevOutboxRow } from './dev-outbox.repo';
import { escapeHtml } from './render';

// The page's only inline block; the policy names it by hash.
const OUTBOX_CSS = `
body{font-family:system-ui,sans-serif;margin:0;padding:24px;background:#f4f5f7;color:#1f2328}
main{max-width:860px;margin:0 auto}
article{background:#fff;border-radius:8px;padding:16px;margin:0 0 16px}
h2{font-size:16px;margin:0 0 4px}
.meta{font-size:12px;color:#57606a;margin:0 0 8px}
iframe{width:100%;height:420px;border:1px solid #d0d7de;border-radius:6px}
pre{white-space:pre-wrap}
`;

/**
 * The page's Content-Security-Policy. A srcdoc frame inherits its parent's policy, and mail is styled
 * with `style="…"` attributes, so those are allowed here (and only here) for the previews to look as
 * they would in a mail client. The frames stay sandboxed without scripts; scripts stay 'self' only.
 */
export const DEV_OUTBOX_POLICY = contentSecurityPolicy({
  styleHashes: [inlineHash(OUTBOX_CSS)],
  allowStyleAttributes: true,
});

/**
 * The development outbox as a page. Each HTML body is shown in a sandboxed iframe (no scripts, no
 * navigation), so a message renders as a mail client would show it without running anything.
 */
export function renderDevOutboxPage(mail: DevOutboxRow[]): string {
  const items = mail
    .map(
      (m) => `<article>
<h2>${escapeHtml(m.subject)}</h2>
<p class="meta">To ${escapeHtml(m.to_addresses)} · from ${escapeHtml(m.from_address)} · ${escapeHtml(m.created_at.toISOString())} · ${escapeHtml(m.message_id)}</p>
<iframe sandbox="" title="${escapeHtml(m.subject)}" srcdoc="${escapeHtml(m.html_body)}"></iframe>
<details><summary>Plain text</summary><pre>${escapeHtml(m.text_body)}</pre></details>
</article>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Dev outbox · ResolutionFlow</title>
<style>${OUTBOX_CSS}</style></head>
<body><main>
<h1>Dev outbox</h1>
<p>No SMTP_URL is configured, so mail is kept here instead of being sent. Newest first.</p>
${items || '<p>No mail yet.</p>'}
</main></body></html>`;
}
