/**
 * How many elements an HTML page has and how deeply it nests them, measured with one linear scan
 * before any parser sees it: the HTML → Markdown conversion costs about 20 µs per element on the
 * server's event loop, and recurses once per level (a few thousand levels exhaust the stack).
 * Comments and raw text (script, style…) are skipped; elements that never hold children, or whose
 * end tag may be left out, add no depth.
 */

const NO_DEPTH = new Set([
  // Void elements.
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
  // End tag optional: a page of unclosed paragraphs is flat, not deep.
  'p',
  'li',
  'dt',
  'dd',
  'tr',
  'td',
  'th',
  'option',
  'optgroup',
  'thead',
  'tbody',
  'tfoot',
  'colgroup',
  'caption',
  'rb',
  'rt',
  'rp',
  'html',
  'head',
  'body',
]);
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes']);

/** Whether the page stays within both bounds; the scan stops at the first one passed. */
export function htmlWithin(html: string, limits: { depth: number; elements: number }): boolean {
  const lower = html.toLowerCase();
  let depth = 0;
  let elements = 0;
  let at = lower.indexOf('<');
  while (at !== -1) {
    if (lower.startsWith('<!--', at)) {
      const end = lower.indexOf('-->', at + 4);
      if (end === -1) break;
      at = lower.indexOf('<', end + 3);
      continue;
    }
    const closing = lower[at + 1] === '/';
    const nameStart = at + (closing ? 2 : 1);
    let nameEnd = nameStart;
    while (nameEnd < lower.length && /[a-z0-9:-]/.test(lower[nameEnd]!)) nameEnd++;
    const name = lower.slice(nameStart, nameEnd);
    let next = at + 1; // a lone `<` in text is no tag
    if (/^[a-z]/.test(name)) {
      const tagEnd = lower.indexOf('>', nameEnd);
      if (tagEnd === -1) break;
      next = tagEnd + 1;
      if (!closing && ++elements > limits.elements) return false;
      if (!closing && RAW_TEXT.has(name)) {
        // Its text is not markup: continue after its end tag.
        const end = lower.indexOf(`</${name}`, next);
        if (end === -1) break;
        next = end + 2 + name.length;
      } else if (!NO_DEPTH.has(name)) {
        if (closing) depth = Math.max(0, depth - 1);
        else if (lower[tagEnd - 1] !== '/') {
          if (++depth > limits.depth) return false;
        }
      }
    }
    at = lower.indexOf('<', next);
  }
  return true;
}
