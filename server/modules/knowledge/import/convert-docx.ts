import { listArchive, readEntry } from './archive';
import { convertHtml } from './convert-html';
import { IMPORT_LIMITS, REASONS } from './limits';
import { type Converted, failure } from './text';

/** A .docx is a zip of XML parts: a normal document has a few dozen. */
const MAX_PARTS = 1_000;

/**
 * mammoth inflates a .docx whole and unbounded, so the archive is first read through the same
 * bounded reader as uploaded archives: a .docx that is a zip bomb fails before mammoth sees it.
 */
async function expandsSafely(bytes: Buffer): Promise<boolean | 'bomb'> {
  let listing;
  try {
    listing = await listArchive(bytes, MAX_PARTS);
  } catch {
    return false;
  }
  let budget: number = IMPORT_LIMITS.archiveBytes;
  for (const entry of listing.entries) {
    if (entry.verdict === 'unsafe' || entry.encrypted) return false;
    const read = await readEntry(bytes, entry, budget);
    if (!read.ok) return 'error' in read ? false : 'bomb';
    budget -= read.bytes.length;
  }
  return true;
}

/** A Word document as a Markdown article, through its HTML (the same cleaning as .html files). */
export async function convertDocx(name: string, bytes: Buffer): Promise<Converted> {
  const safe = await expandsSafely(bytes);
  if (safe === 'bomb') return failure(REASONS.bomb);
  if (!safe) return failure(REASONS.badDocx);
  let html: string;
  try {
    // Loaded on the first .docx, not at start: it is only needed for knowledge imports.
    const { default: mammoth } = await import('mammoth');
    // Images are left out: an article is text, and embedded pictures would arrive as huge data: URIs.
    const noImages = mammoth.images.imgElement(async () => ({ src: '' }));
    html = (await mammoth.convertToHtml({ buffer: bytes }, { convertImage: noImages })).value;
  } catch {
    return failure(REASONS.badDocx);
  }
  return convertHtml(name, html);
}
