/**
 * Every bound of the knowledge file import (SPEC §14) in one place. Uploaded bytes live only in
 * memory and archives are expanded in memory, so these bounds are what keeps one upload from
 * exhausting the process: each is checked against bytes actually read, never against sizes an
 * archive declares about itself.
 */
const MB = 1024 * 1024;

export const IMPORT_LIMITS = {
  /** The whole multipart request; larger requests answer 413 before their body is read. */
  uploadBytes: 50 * MB,
  /** One file, as uploaded or as expanded from an archive. */
  fileBytes: 10 * MB,
  /** One uploaded .zip archive. */
  archiveBytes: 50 * MB,
  /** Files in one upload once archives are listed (directories and system clutter not counted). */
  files: 5_000,
  /**
   * Raw entries an upload's archives may declare, directories and clutter included: listing a
   * central directory of millions of empty entries would be work for nothing.
   */
  archiveEntries: 20_000,
  /** Bytes all archives of one upload may expand to, together. */
  expandedBytes: 200 * MB,
  /** Expanded bytes per compressed byte of one archive entry. */
  compressionRatio: 100,
  /**
   * The ratio is only judged past this many expanded bytes: a small file of repeated characters
   * legitimately compresses far better than 100:1 and can do no harm.
   */
  ratioGraceBytes: 1 * MB,
  /** What the article API accepts as a body (articles.schemas.ts): an import cannot store more. */
  articleChars: 200_000,
  /** knowledge_articles.title is varchar(300). */
  titleChars: 300,
  /** Tags as the article API accepts them. */
  tags: 20,
  tagChars: 40,
  /**
   * HTML converted to Markdown (pages, and Word documents through their HTML): the conversion runs
   * on the server's event loop at about 20 µs per element, and recurses once per nesting level. A
   * long knowledge-base page has a few thousand elements and nests a few dozen deep.
   */
  htmlChars: 2_000_000,
  htmlElements: 50_000,
  htmlDepth: 200,
  /** Nodes of one parsed YAML/JSON document: YAML aliases can make a small file a huge tree. */
  documentNodes: 100_000,
} as const;

/** The reasons a file fails, worded for the person who uploaded it. */
export const REASONS = {
  empty: 'the file is empty',
  tooLarge: `the file is larger than ${IMPORT_LIMITS.fileBytes / MB} MB`,
  archiveTooLarge: `the archive is larger than ${IMPORT_LIMITS.archiveBytes / MB} MB`,
  unsupported: 'unsupported file type (use .md, .txt, .html, .docx, .yaml, .yml, .json or .zip)',
  notUtf8: 'not UTF-8 text',
  binary: 'not a text file (it contains NUL characters)',
  noText: 'no text found in the file',
  tooLong: `the text is longer than ${IMPORT_LIMITS.articleChars.toLocaleString('en')} characters; split it into smaller articles`,
  badDocx: 'not a readable .docx file',
  badZip: 'not a readable .zip archive',
  bomb: 'archive expands too much',
  unsafePath: 'unsafe path',
  symlink: 'symbolic links are not imported',
  nestedArchive: 'archives inside archives are not expanded',
  emptyArchive: 'the archive holds no files to import',
  encrypted: 'encrypted archive entries are not supported',
  method: 'the archive entry uses an unsupported compression method',
  damaged: 'the archive entry is damaged',
  complex: 'the document is too large or too deeply nested',
  htmlTooLarge: 'the page is too large to convert (at most 2 MB of HTML)',
} as const;
