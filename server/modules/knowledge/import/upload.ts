import yauzl from 'yauzl';
import { AppError, badRequest } from '../../../lib/app-error';
import { type ArchiveListing, listArchive, TooManyEntries } from './archive';
import { isArchiveName } from './convert';
import { IMPORT_LIMITS, REASONS } from './limits';

/** One file part of the upload, as the browser named it. */
export type UploadedFile = { name: string; bytes: Buffer };

/**
 * An upload ready to run in the background: each part, with its archive listing (or why it cannot
 * be listed). `total` counts the files the import will report on: every plain part, and every entry
 * of an archive that is neither a directory nor clutter.
 */
export type PlannedPart = UploadedFile & { archive?: ArchiveListing | { error: string } };
export type UploadPlan = { total: number; parts: PlannedPart[] };

/** Names are labels only (nothing is written to disk), but a path-like name is refused like one in an archive. */
export const isUnsafeName = (name: string) => yauzl.validateFileName(name) !== null || name.includes('\0');

/** The report lines an archive is planned for: its entries but clutter, or one line when it holds none. */
export const plannedCount = (listing: ArchiveListing) =>
  Math.max(1, listing.entries.filter((e) => e.verdict !== 'skip').length);

const tooManyFiles = (count: number) =>
  new AppError(
    'TOO_MANY_FILES',
    `An upload may hold at most ${IMPORT_LIMITS.files.toLocaleString('en')} files (archives counted by their contents); this one holds ${count.toLocaleString('en')}`,
  );

/**
 * Lists every archive's central directory (nothing is inflated yet) so the import's total is known
 * and an upload of too many files is refused before anything is stored.
 */
export async function planUpload(files: UploadedFile[]): Promise<UploadPlan> {
  if (files.length === 0)
    throw badRequest('Attach one or more files in the multipart field `files`', [
      { path: 'files', message: 'No file was uploaded' },
    ]);
  let total = 0;
  let rawEntries = 0;
  const parts: PlannedPart[] = [];
  for (const file of files) {
    if (!isArchiveName(file.name) || isUnsafeName(file.name)) {
      parts.push(file);
      total += 1;
    } else if (file.bytes.length > IMPORT_LIMITS.archiveBytes) {
      parts.push({ ...file, archive: { error: REASONS.archiveTooLarge } });
      total += 1;
    } else {
      let archive: PlannedPart['archive'];
      try {
        archive = await listArchive(file.bytes, IMPORT_LIMITS.archiveEntries - rawEntries);
      } catch (err) {
        if (err instanceof TooManyEntries) throw tooManyFiles(total + err.count);
        archive = { error: REASONS.badZip };
      }
      parts.push({ ...file, archive });
      if ('error' in archive) total += 1;
      else {
        rawEntries += archive.rawEntries;
        total += plannedCount(archive);
      }
    }
    if (total > IMPORT_LIMITS.files) throw tooManyFiles(total);
  }
  return { total, parts };
}
