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

/** A PSA history import is a knowledge import of kind `psa_history`: one shape for both. */
export { KnowledgeImport as HistoryImport } from '../../knowledge/import/import.schemas';
