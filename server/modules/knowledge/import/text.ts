import { IMPORT_LIMITS, REASONS } from './limits';

/** What one file becomes: an article (Markdown), a runbook document to validate, or why not. */
export type Converted =
  | { kind: 'article'; title: string; body: string; tags: string[] }
  | { kind: 'runbook'; raw: unknown }
  | { kind: 'failure'; reason: string };

export const failure = (reason: string): Converted => ({ kind: 'failure', reason });

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Uploaded text must be UTF-8: guessing another encoding would store mojibake nobody notices until
 * the assistant quotes it. A byte-order mark is dropped; NUL characters mean a binary file (and
 * PostgreSQL text cannot hold them).
 */
export function decodeText(bytes: Uint8Array): { text: string } | { reason: string } {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { reason: REASONS.notUtf8 };
  }
  if (text.includes('\u0000')) return { reason: REASONS.binary };
  return { text: text.replace(/\r\n?/g, '\n') };
}

/** The last segment of a path inside an archive, or the uploaded name itself. */
export const baseName = (name: string) => name.slice(name.lastIndexOf('/') + 1);

/** `.md`, `.docx`… lower-cased, or '' when the name has none. */
export function extensionOf(name: string): string {
  const base = baseName(name);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

/** `vpn_setup-guide.md` → `Vpn setup guide`: a title when the file offers none. */
export function humaniseName(name: string): string {
  const base = baseName(name);
  const dot = base.lastIndexOf('.');
  const stem = (dot > 0 ? base.slice(0, dot) : base).replace(/[-_.\s]+/g, ' ').trim();
  return stem ? stem[0]!.toUpperCase() + stem.slice(1) : 'Untitled';
}

/** One line, trimmed and cut to what the title column holds. */
export function cleanTitle(title: string): string {
  const line = title.replace(/\s+/g, ' ').trim();
  return line.length > IMPORT_LIMITS.titleChars ? `${line.slice(0, IMPORT_LIMITS.titleChars - 1)}…` : line;
}

/** Tags from front matter: a list or a comma-separated string; what the article API would refuse is left out. */
export function cleanTags(value: unknown): string[] {
  const raw = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  return raw
    .filter((t): t is string | number => typeof t === 'string' || typeof t === 'number')
    .map((t) => String(t).trim())
    .filter((t) => t.length > 0 && t.length <= IMPORT_LIMITS.tagChars)
    .slice(0, IMPORT_LIMITS.tags);
}

/** The checks every article passes, whatever format it came from. */
export function article(title: string, body: string, tags: string[] = []): Converted {
  const text = body.trim();
  if (!text) return failure(REASONS.noText);
  if (text.length > IMPORT_LIMITS.articleChars) return failure(REASONS.tooLong);
  return { kind: 'article', title: cleanTitle(title), body: text, tags };
}

/**
 * `Title ##` → `Title`: the optional closing sequence of an ATX heading. Done by hand, since a
 * regular expression for it backtracks quadratically on a long line of spaces.
 */
function withoutClosingHashes(text: string): string {
  const trimmed = text.trimEnd();
  let end = trimmed.length;
  while (end > 0 && trimmed[end - 1] === '#') end--;
  if (end === trimmed.length) return trimmed;
  return end === 0 ? '' : /[ \t]/.test(trimmed[end - 1]!) ? trimmed.slice(0, end).trimEnd() : trimmed;
}

/**
 * The first level-one heading (`# …`) outside code blocks, where a `# comment` in a shell snippet is
 * no heading. When it opens the text it is taken out of the body, so the article does not show its
 * title twice; further down it stays where it is.
 */
export function firstHeading(markdown: string): { title: string; body: string } | null {
  const lines = markdown.split('\n');
  let fence: string | null = null;
  let seenText = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker && (!fence || marker.startsWith(fence))) {
      fence = fence ? null : marker;
      seenText = true;
      continue;
    }
    const heading = fence ? null : /^\s{0,3}#[ \t]+(.*)$/.exec(line);
    const title = heading ? withoutClosingHashes(heading[1]!) : '';
    if (title) {
      const body = seenText ? markdown : lines.slice(i + 1).join('\n');
      return { title, body };
    }
    if (line.trim()) seenText = true;
  }
  return null;
}
