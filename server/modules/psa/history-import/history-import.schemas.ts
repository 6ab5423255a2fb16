import { z } from '@hono/zod-openapi';

export const StartHistoryImportBody = z
  .object({
    /** Closed after this moment; a date alone means its start (UTC). Default: 365 days ago. */
    since: z
      .union([z.iso.date(), z.iso.datetime({ offset: true })])
      .optional()
      .openapi({ example: '2025-01-01' }),
  })
  .openapi('StartPsaHistoryImport');

export const HistoryImport = z
  .object({
    id: z.string(),
    kind: z.literal('psa_history'),
    status: z.enum(['queued', 'running', 'done', 'failed']),
    /** Closed tickets in the period, as the PSA counted them when the import began. */
    total: z.number().int(),
    /** Tickets handled so far: imported + skipped + failed. */
    done: z.number().int(),
    imported: z.number().int(),
    /** Already held by the account (an earlier import) or identical to an article it holds. */
    skipped: z.number().int(),
    /** Tickets that could not be read (e.g. deleted while the import ran). */
    failed: z.array(z.object({ file: z.string(), reason: z.string() })),
    /** Why the import stopped, when it failed. */
    error: z.string().nullable(),
    since: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
    finished_at: z.string().nullable(),
  })
  .openapi('PsaHistoryImport');
