import { z } from '@hono/zod-openapi';
import { KNOWLEDGE_DOMAINS } from '../../../shared/knowledge';

export const RunbookIdParam = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'A runbook id is kebab-case')
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'outlook-password-prompt' }),
});

export const RunbookListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  origin: z.enum(['shipped', 'account']).optional(),
});

export const RunbookGetQuery = z.object({ format: z.enum(['json', 'yaml']).optional() });

/** The document itself follows the published JSON Schema (GET /knowledge/schema/runbook.json). */
const RunbookDocument = z.record(z.string(), z.unknown()).openapi('RunbookDocument');

export const RunbookListItem = z
  .object({
    id: z.string(),
    title: z.string(),
    domain: z.enum(KNOWLEDGE_DOMAINS),
    origin: z.enum(['shipped', 'account']),
    forked_from: z.string().nullable(),
    source_label: z.string(),
    updated_at: z.string().nullable(),
    steps: z.number().int(),
    causes: z.number().int(),
  })
  .openapi('RunbookListItem');

export const RunbookEnvelope = z
  .object({
    runbook: RunbookDocument,
    origin: z.enum(['shipped', 'account']),
    forked_from: z.string().nullable(),
    source_label: z.string(),
    created_at: z.string().nullable(),
    updated_at: z.string().nullable(),
  })
  .openapi('RunbookEnvelope');
