import { z } from '@hono/zod-openapi';

/** A background import as the API shows it: files uploaded at once, or the PSA's closed tickets. */
export const KnowledgeImport = z
  .object({
    id: z.string(),
    kind: z.enum(['files', 'psa_history']),
    status: z.enum(['queued', 'running', 'done', 'failed']),
    /** Files in the upload, archives counted by their contents (an archive refused whole counts once). */
    total: z.number().int(),
    /** Files handled so far: imported + skipped + failed. */
    done: z.number().int(),
    imported: z.number().int(),
    /** Identical content already in the account, or earlier in the same upload. */
    skipped: z.number().int(),
    /** Files that could not be imported, and why (archive entries named `archive.zip/path`). */
    failed: z.array(z.object({ file: z.string(), reason: z.string() })),
    /** Why the import itself stopped, when it failed (e.g. interrupted by a restart). */
    error: z.string().nullable(),
    /** PSA history imports: closed tickets since this moment. */
    since: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
    finished_at: z.string().nullable(),
  })
  .openapi('KnowledgeImport');

/** The multipart body, described for the OpenAPI document only (the route reads it itself). */
export const importUploadBody = {
  required: true,
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object' as const,
        properties: {
          files: {
            type: 'array' as const,
            items: { type: 'string' as const, format: 'binary' },
            description:
              '.md, .txt, .html, .docx, .yaml/.yml/.json runbooks, or .zip archives of those; one part per file',
          },
        },
        required: ['files'],
      },
    },
  },
};
