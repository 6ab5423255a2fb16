import { type ArchiveListing, readEntry } from './archive';
import { convertFile, isArchiveName, isSupportedName } from './convert';
import { REASONS } from './limits';
import type { Converted } from './text';

/** One line of the import's report: the file (archive entries as `archive.zip/path`) and what it became. */
export type Outcome = { file: string; converted: Converted };

/** Bytes the upload's archives may still expand to, shared by all its archives. */
export type ExpansionBudget = { left: number };

const MAX_LABEL = 500;

/**
 * Converting runs on the event loop the API answers from: after each file, requests waiting in
 * line go first, so an archive of heavy files never stalls the server for longer than one file.
 */
export const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A file name as the report shows it: control characters replaced, length bounded. */
export const fileLabel = (name: string) => {
  // eslint-disable-next-line no-control-regex
  const clean = name.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > MAX_LABEL ? `${clean.slice(0, MAX_LABEL - 1)}…` : clean;
};

const fail = (file: string, reason: string): Outcome => ({ file, converted: { kind: 'failure', reason } });

/**
 * Expands and converts every entry of an archive, or fails the archive as a whole. A bomb (an
 * entry beyond the compression ratio, or the upload's expanded total spent) fails it whole so none
 * of it is stored: what such an archive holds cannot be trusted to be what it seems.
 */
export async function expandArchive(
  name: string,
  bytes: Buffer,
  listing: ArchiveListing,
  budget: ExpansionBudget,
): Promise<{ outcomes: Outcome[] } | { failure: string }> {
  const outcomes: Outcome[] = [];
  for (const entry of listing.entries) {
    if (entry.verdict === 'skip') continue;
    const file = fileLabel(`${name}/${entry.name}`);
    if (entry.verdict === 'unsafe') outcomes.push(fail(file, REASONS.unsafePath));
    else if (entry.verdict === 'symlink') outcomes.push(fail(file, REASONS.symlink));
    else if (isArchiveName(entry.name)) outcomes.push(fail(file, REASONS.nestedArchive));
    // Unsupported types are refused without spending time or budget on inflating them.
    else if (!isSupportedName(entry.name)) outcomes.push(fail(file, REASONS.unsupported));
    else if (entry.encrypted) outcomes.push(fail(file, REASONS.encrypted));
    else {
      const read = await readEntry(bytes, entry, budget.left);
      if (read.ok) {
        budget.left -= read.bytes.length;
        outcomes.push({ file, converted: await convertFile(entry.name, read.bytes) });
        await yieldToRequests();
      } else if ('error' in read) outcomes.push(fail(file, read.error));
      else if (read.over === 'size') outcomes.push(fail(file, REASONS.tooLarge));
      else return { failure: REASONS.bomb };
    }
  }
  if (outcomes.length === 0) return { failure: REASONS.emptyArchive };
  return { outcomes };
}
