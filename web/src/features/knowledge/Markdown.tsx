import MarkdownIt from 'markdown-it';
import { useMemo } from 'react';
import { cx } from '../../components/ui/cx';

/**
 * Articles come from anyone who can write or import (including .html and .docx converted on the
 * server), so the text is untrusted. `html: false` makes markdown-it escape every raw tag, and the
 * link check below refuses every scheme except web and mail links, so nothing in an article can run
 * script: a stored `<script>` or `<img onerror>` shows up as the literal text that was typed.
 */
const SAFE_LINK = /^(https?:|mailto:)/i;

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

// Applies to links and images alike; a refused link is left as the plain text it was written as.
markdown.validateLink = (url: string) => SAFE_LINK.test(url.trim());

const defaultLinkOpen =
  markdown.renderer.rules.link_open ??
  ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));

// Links leave the app in a new tab and tell the target nothing about where the reader came from.
markdown.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  if (token && !/^mailto:/i.test(token.attrGet('href') ?? '')) {
    token.attrSet('target', '_blank');
    token.attrSet('rel', 'noopener noreferrer nofollow');
  }
  return defaultLinkOpen(tokens, idx, options, env, self);
};

// Column alignment (`| --: |`) comes out of markdown-it as a style attribute, which the page's
// Content-Security-Policy refuses (no 'unsafe-inline' for styles); a class does the same job.
const ALIGN_CLASS: Record<string, string> = {
  'text-align:left': 'text-left',
  'text-align:center': 'text-center',
  'text-align:right': 'text-right',
};
markdown.core.ruler.push('align_as_class', (state) => {
  for (const token of state.tokens.flatMap((t) => [t, ...(t.children ?? [])])) {
    const align = ALIGN_CLASS[token.attrGet('style') ?? ''];
    if (!align) continue;
    token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'style');
    token.attrJoin('class', align);
  }
});

// Articles are shown under the page's own h1, so their headings start one level lower (# becomes h2).
const demote = (tag: string) => `h${Math.min(6, Number(tag.slice(1)) + 1)}`;
for (const rule of ['heading_open', 'heading_close'] as const) {
  markdown.renderer.rules[rule] = (tokens, idx, options, _env, self) => {
    const token = tokens[idx];
    if (token) token.tag = demote(token.tag);
    return self.renderToken(tokens, idx, options);
  };
}

/** The HTML for a Markdown text, safe to insert (see above). Exported for tests. */
export function renderMarkdown(source: string): string {
  return markdown.render(source);
}

// Tailwind has no typography plugin here, so the rendered elements are styled from the wrapper.
const proseClasses = [
  'space-y-3 text-sm leading-6 break-words text-slate-800 dark:text-slate-200',
  '[&_h2]:text-xl [&_h2]:font-semibold [&_h3]:text-lg [&_h3]:font-semibold [&_h4]:font-semibold [&_h5]:font-semibold',
  '[&_h2]:text-slate-900 [&_h3]:text-slate-900 dark:[&_h2]:text-slate-50 dark:[&_h3]:text-slate-50',
  '[&_ul]:list-disc [&_ul]:pl-6 [&_ol]:list-decimal [&_ol]:pl-6 [&_li]:my-1',
  '[&_a]:font-medium [&_a]:text-accent-700 [&_a]:underline dark:[&_a]:text-accent-300',
  '[&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_code]:font-mono [&_code]:text-[0.85em] dark:[&_code]:bg-slate-800',
  '[&_pre]:overflow-x-auto [&_pre]:rounded-md [&_pre]:bg-slate-100 [&_pre]:p-3 dark:[&_pre]:bg-slate-800',
  '[&_pre_code]:bg-transparent [&_pre_code]:p-0',
  '[&_blockquote]:border-l-4 [&_blockquote]:border-slate-300 [&_blockquote]:pl-3 [&_blockquote]:text-slate-600',
  'dark:[&_blockquote]:border-slate-600 dark:[&_blockquote]:text-slate-400',
  '[&_table]:w-full [&_table]:text-left [&_th]:border-b [&_th]:px-2 [&_th]:py-1 [&_td]:border-b [&_td]:px-2 [&_td]:py-1',
  '[&_th]:border-slate-300 [&_td]:border-slate-200 dark:[&_th]:border-slate-600 dark:[&_td]:border-slate-700',
  '[&_hr]:border-slate-200 dark:[&_hr]:border-slate-700 [&_img]:max-w-full',
].join(' ');

export function Markdown({ source, className }: { source: string; className?: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  // Safe by construction: see the note at the top of this file.
  return <div className={cx(proseClasses, className)} dangerouslySetInnerHTML={{ __html: html }} />;
}
