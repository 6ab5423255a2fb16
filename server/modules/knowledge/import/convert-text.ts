import { article, type Converted, humaniseName } from './text';

/** A first line up to this long reads as a title; a longer one is the start of the text. */
const TITLE_LINE_CHARS = 120;

/**
 * A plain-text article: notes pasted into a .txt usually open with what they are about, so a short
 * first line is the title; otherwise the file name is. The text is kept as it is.
 */
export function convertText(name: string, text: string): Converted {
  const trimmed = text.trim();
  const newline = trimmed.indexOf('\n');
  const first = (newline === -1 ? trimmed : trimmed.slice(0, newline)).trim();
  const rest = newline === -1 ? '' : trimmed.slice(newline + 1);
  if (first && first.length <= TITLE_LINE_CHARS && rest.trim()) return article(first, rest);
  if (first && first.length <= TITLE_LINE_CHARS) return article(first, trimmed);
  return article(humaniseName(name), trimmed);
}
