import { z } from '@hono/zod-openapi';

const Tags = z
  .array(z.string().trim().min(1).max(40))
  .max(20, 'At most 20 tags')
  .openapi({ example: ['outlook', 'mfa'] });

export const CreateArticleBody = z
  .object({
    title: z.string().trim().min(1, 'A title is required').max(300),
    body: z.string().min(1, 'The article needs a text').max(200_000),
    tags: Tags.optional(),
  })
  .openapi('CreateArticle');

export const UpdateArticleBody = z
  .object({
    title: z.string().trim().min(1).max(300).optional(),
    body: z.string().min(1).max(200_000).optional(),
    tags: Tags.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'Nothing to change' })
  .openapi('UpdateArticle');

export const ArticleQuery = z.object({
  q: z.string().trim().max(200).optional(),
  tag: z.string().trim().max(40).optional(),
  kind: z.enum(['article', 'psa_ticket']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

const Person = z.object({ id: z.string(), name: z.string() }).nullable();

/** Where an item came from, with a label the web shows as is. */
export const Provenance = z
  .object({
    type: z.enum(['written', 'file', 'proposal', 'psa_ticket']),
    ref: z.string().nullable(),
    label: z.string(),
  })
  .openapi('KnowledgeProvenance');

const articleFields = {
  id: z.string(),
  kind: z.enum(['article', 'psa_ticket']),
  title: z.string(),
  tags: z.array(z.string()),
  source: Provenance,
  created_at: z.string(),
  updated_at: z.string(),
  created_by: Person,
  updated_by: Person,
};

export const ArticleListItem = z.object({ ...articleFields, excerpt: z.string() }).openapi('ArticleListItem');
export const Article = z.object({ ...articleFields, body: z.string() }).openapi('Article');
export const ArticleRevision = z
  .object({
    id: z.string(),
    title: z.string(),
    body: z.string(),
    tags: z.array(z.string()),
    edited_at: z.string(),
    edited_by: Person,
  })
  .openapi('ArticleRevision');
