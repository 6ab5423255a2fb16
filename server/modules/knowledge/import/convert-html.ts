import type TurndownService from 'turndown';
import { htmlWithin } from './html-shape';
import { IMPORT_LIMITS, REASONS } from './limits';
import { article, type Converted, failure, firstHeading, humaniseName } from './text';

/**
 * Elements dropped with everything inside them: code, embedded documents, forms and media carry
 * nothing an article should keep, and script text must never become article text.
 */
const DROPPED = new Set([
  'SCRIPT',
  'STYLE',
  'IFRAME',
  'FRAME',
  'FRAMESET',
  'NOFRAMES',
  'OBJECT',
  'EMBED',
  'APPLET',
  'PARAM',
  'FORM',
  'BUTTON',
  'INPUT',
  'SELECT',
  'TEXTAREA',
  'NOSCRIPT',
  'TEMPLATE',
  'SVG',
  'MATH',
  'CANVAS',
  'AUDIO',
  'VIDEO',
  'META',
  'LINK',
  'BASE',
]);

/** Links and images keep only addresses a reader can follow safely; `javascript:` and `data:` go. */
const SAFE_URL = /^(?:https?:\/\/|mailto:|#|\/(?!\/))/i;
const safeUrl = (url: string | null) => {
  const u = (url ?? '').trim();
  // Parentheses and spaces would end the Markdown link early.
  return u && SAFE_URL.test(u)
    ? u.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    : null;
};

/**
 * The little of a DOM element the rules read. turndown's types name the browser's HTMLElement, which
 * the server's TypeScript (no DOM library) does not know; its Node implementation has these members.
 */
type Element = { nodeName: string; textContent: string | null; getAttribute(name: string): string | null };
const el = (node: unknown) => node as Element;

/** Markdown is all that comes out: attributes (event handlers included) never reach the article. */
function service(Turndown: typeof TurndownService, found: { title?: string; h1?: string }) {
  const td = new Turndown({
    headingStyle: 'atx',
    codeBlockStyle: 'fenced',
    bulletListMarker: '-',
    emDelimiter: '*',
  });
  td.remove((node) => DROPPED.has(el(node).nodeName.toUpperCase()));
  td.addRule('documentTitle', {
    filter: 'title',
    replacement: (_content, node) => {
      found.title ??= el(node).textContent ?? '';
      return '';
    },
  });
  td.addRule('firstHeading', {
    filter: 'h1',
    replacement: (content, node) => {
      found.h1 ??= el(node).textContent ?? '';
      return `\n\n# ${content.replace(/\n+/g, ' ').trim()}\n\n`;
    },
  });
  td.addRule('safeLink', {
    filter: (node) => el(node).nodeName === 'A',
    replacement: (content, node) => {
      const href = safeUrl(el(node).getAttribute('href'));
      return href && content.trim() ? `[${content}](${href})` : content;
    },
  });
  td.addRule('safeImage', {
    filter: 'img',
    replacement: (_content, node) => {
      const src = safeUrl(el(node).getAttribute('src'));
      const alt = (el(node).getAttribute('alt') ?? '').replace(/[[\]\n]/g, ' ').trim();
      return src ? `![${alt}](${src})` : alt;
    },
  });
  // Text that looks like a tag (`&lt;script&gt;` in the page) stays an entity, so a Markdown
  // renderer that allows HTML can never turn it back into markup; renderers show it as `<`.
  const escape = td.escape.bind(td);
  td.escape = (text: string) => escape(text).replace(/<(?=[A-Za-z/!?])/g, '&lt;');
  return td;
}

/**
 * An HTML page as a Markdown article. The title is the page's <title>, else its first <h1>, else
 * the file name.
 */
export async function convertHtml(name: string, html: string): Promise<Converted> {
  if (html.length > IMPORT_LIMITS.htmlChars) return failure(REASONS.htmlTooLarge);
  const shape = { depth: IMPORT_LIMITS.htmlDepth, elements: IMPORT_LIMITS.htmlElements };
  if (!htmlWithin(html, shape)) return failure(REASONS.complex);
  const found: { title?: string; h1?: string } = {};
  // Loaded on the first HTML page, not at start: it is only needed for knowledge imports.
  const { default: Turndown } = await import('turndown');
  const markdown = service(Turndown, found).turndown(html);
  const title = found.title?.trim() || found.h1?.trim();
  if (title && !found.title?.trim()) {
    // The heading became the title: when it opens the text, the article need not repeat it.
    const heading = firstHeading(markdown);
    return article(title, heading ? heading.body : markdown);
  }
  return article(title || humaniseName(name), markdown);
}
