import type { Source } from '../types';
import type { IndexedDoc } from './bm25';
import type { CauseOption } from './library-items';

/** An article or an imported PSA ticket of the account, as the knowledge search returns it. */
export type AccountDocument = {
  kind: 'article' | 'psa_ticket';
  id: string;
  title: string;
  body: string;
  tags: string[];
};

type Section = { heading: string; text: string };

// Headings MSPs use for the answer and for the reason, in KB articles and ticket resolutions.
const FIX_HEADING =
  /\b(fix|fixes|resolution|resolved|solution|resolve|workaround|remedy|steps?|how to|what to do)\b/i;
const CAUSE_HEADING = /\b(cause|causes|root cause|why|reason|explanation)\b/i;
const MAX_FIX = 260;
const MAX_CAUSE = 200;
const LEAD_WORDS = 60;
const BODY_WORDS = 220;

const FIELD_WEIGHTS = { title: 3, tags: 2, lead: 2, body: 0.5 };

/** Splits Markdown into sections by heading; text before the first heading has an empty heading. */
export function sections(markdown: string): Section[] {
  const out: Section[] = [{ heading: '', text: '' }];
  let fenced = false;
  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const h = fenced ? null : /^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (h) out.push({ heading: h[1]!, text: '' });
    else out[out.length - 1]!.text += `${line}\n`;
  }
  return out.filter((s) => s.heading || s.text.trim());
}

/** Markdown reduced to readable sentences: list items joined, emphasis and links flattened. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/```[^\n]*\n([\s\S]*?)```/g, (_, code: string) => ` ${code.trim().split('\n')[0]} `)
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/^\s*(?:[-*+]|\d+[.)])\s+(.*)$/gm, (_, item: string) => `${item.replace(/[.;:]\s*$/, '')};`)
    .replace(/[*_`>#|]/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/;\s*$/, '.')
    .trim();
}

/** The first command of a text: a fenced block's first line, else inline code that looks like one. */
export function firstCommand(markdown: string): string | undefined {
  const fence = /```[^\n]*\n([\s\S]*?)```/.exec(markdown)?.[1]?.trim().split('\n')[0];
  if (fence) return fence.trim();
  const inline = /`([^`\n]{4,200})`/.exec(markdown)?.[1];
  return inline && /[\s\-/\\]/.test(inline) ? inline : undefined;
}

const clip = (text: string, max: number) => {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const sentence = cut.lastIndexOf('. ');
  return sentence > max * 0.5 ? cut.slice(0, sentence + 1) : `${cut.replace(/\s+\S*$/, '')}…`;
};

const firstWords = (text: string, n: number) => text.split(/\s+/).slice(0, n).join(' ');

/** How the document is indexed: title, tags and the opening (the symptoms) count most. */
export function documentIndexEntry(d: AccountDocument): IndexedDoc {
  const body = plainText(d.body);
  return {
    id: d.id,
    fields: [
      { text: d.title, weight: FIELD_WEIGHTS.title },
      { text: d.tags.join('. '), weight: FIELD_WEIGHTS.tags },
      { text: firstWords(body, LEAD_WORDS), weight: FIELD_WEIGHTS.lead },
      { text: firstWords(body, BODY_WORDS), weight: FIELD_WEIGHTS.body },
    ],
  };
}

/**
 * The cause and fix a document proposes, quoted from it: the section headed as a fix (or the
 * passage that speaks most to the problem) and the section headed as a cause (or the title).
 */
export function documentCause(d: AccountDocument, covers: (text: string) => number): CauseOption {
  const parts = sections(d.body);
  const fixSection = parts.find((s) => FIX_HEADING.test(s.heading) && s.text.trim());
  const causeSection = parts.find((s) => CAUSE_HEADING.test(s.heading) && s.text.trim());
  let fixMarkdown = fixSection?.text;
  if (!fixMarkdown) {
    const paragraphs = d.body
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter((p) => p && !/^#/.test(p));
    fixMarkdown = paragraphs.reduce<{ p: string; share: number } | null>((best, p) => {
      const share = covers(plainText(p));
      return !best || share > best.share ? { p, share } : best;
    }, null)?.p;
  }
  const fix = clip(plainText(fixMarkdown ?? d.body), MAX_FIX);
  const command = firstCommand(fixMarkdown ?? '');
  const cause = causeSection ? clip(plainText(causeSection.text), MAX_CAUSE) : d.title;
  const source: Source = { kind: d.kind, id: d.id, title: d.title, excerpt: fix };
  return {
    key: `${d.kind}:${d.id}:cause`,
    cause,
    fix: fix || 'See the article.',
    ...(command ? { command } : {}),
    source,
  };
}
