import { createRoute, z } from '@hono/zod-openapi';
import { runbookJsonSchema } from '../../../shared/knowledge';
import { ctxOf } from '../middleware/auth';
import { commonErrors, cookieAuth, createRouter, jsonResponse } from '../openapi';

const tags = ['knowledge'];

const runbookSchemaRoute = createRoute({
  method: 'get',
  path: '/knowledge/schema/runbook.json',
  tags,
  security: cookieAuth,
  summary: 'The runbook format as JSON Schema (the shipped library and account runbooks use it)',
  responses: {
    200: jsonResponse(z.record(z.string(), z.unknown()), 'JSON Schema (draft 2020-12)'),
    ...commonErrors,
  },
});

// Built once: the schema is a pure function of the code.
let schema: Record<string, unknown> | undefined;

export const knowledgeRoutes = createRouter().openapi(runbookSchemaRoute, (c) => {
  ctxOf(c); // any signed-in member
  return c.json((schema ??= runbookJsonSchema()), 200, { 'Cache-Control': 'private, max-age=3600' });
});
