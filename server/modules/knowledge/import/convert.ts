import { convertDocx } from './convert-docx';
import { convertHtml } from './convert-html';
import { convertMarkdown } from './convert-markdown';
import { convertStructured } from './convert-structured';
import { convertText } from './convert-text';
import { IMPORT_LIMITS, REASONS } from './limits';
import { type Converted, decodeText, extensionOf, failure } from './text';

export type { Converted } from './text';

const TEXT_CONVERTERS: Record<string, (name: string, text: string) => Converted | Promise<Converted>> = {
  '.md': convertMarkdown,
  '.markdown': convertMarkdown,
  '.txt': convertText,
  '.html': convertHtml,
  '.htm': convertHtml,
  '.yaml': convertStructured,
  '.yml': convertStructured,
  '.json': convertStructured,
};

/** True for the extensions a file can be imported from (archives aside): others are never read. */
export const isSupportedName = (name: string) =>
  extensionOf(name) === '.docx' || Object.hasOwn(TEXT_CONVERTERS, extensionOf(name));

/** True for names the import expands instead of converting. */
export const isArchiveName = (name: string) => extensionOf(name) === '.zip';

/**
 * One file (uploaded, or taken out of an archive) to what it becomes, by its extension. Pure apart
 * from the time it takes: nothing is stored here, and a failure is a value, never an exception.
 */
export async function convertFile(name: string, bytes: Buffer): Promise<Converted> {
  const ext = extensionOf(name);
  if (ext === '.zip') return failure(REASONS.nestedArchive);
  if (!isSupportedName(name)) return failure(REASONS.unsupported);
  const text = TEXT_CONVERTERS[ext];
  if (bytes.length === 0) return failure(REASONS.empty);
  if (bytes.length > IMPORT_LIMITS.fileBytes) return failure(REASONS.tooLarge);
  if (ext === '.docx') return convertDocx(name, bytes);
  const decoded = decodeText(bytes);
  if ('reason' in decoded) return failure(decoded.reason);
  try {
    return await text!(name, decoded.text);
  } catch {
    // A converter choking on a hostile file (deep nesting blowing the stack) fails that file only.
    return failure(REASONS.complex);
  }
}
