import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { dump as toYaml } from 'js-yaml';
import { parseDocument } from '../../knowledge/load';
import {
  RunbookEnvelope,
  RunbookGetQuery,
  RunbookIdParam,
  RunbookListItem,
  RunbookListQuery,
} from '../../modules/knowledge/runbooks.schemas';
import * as runbooks from '../../modules/knowledge/runbooks.service';
import { AppError, badRequest } from '../../lib/app-error';
import { ctxOf } from '../middleware/auth';
import { commonErrors, cookieAuth, createRouter, errorResponse, iso, jsonResponse } from '../openapi';
import type { AppEnv } from '../types';

const tags = ['knowledge'];

const present = (v: runbooks.RunbookView) => ({
  runbook: v.runbook,
  origin: v.origin,
  forked_from: v.forked_from,
  source_label: v.source_label,
  created_at: iso(v.created_at),
  updated_at: iso(v.updated_at),
});
const presentListItem = (v: runbooks.RunbookView) => ({
  id: v.runbook.id,
  title: v.runbook.title,
  domain: v.runbook.domain,
  origin: v.origin,
  forked_from: v.forked_from,
  source_label: v.source_label,
  updated_at: iso(v.updated_at),
  steps: v.runbook.steps.length,
  causes: v.runbook.causes.length,
});

/** A runbook arrives as JSON, or as YAML with a YAML content type (the format files are kept in). */
async function runbookBody(c: Context<AppEnv>): Promise<unknown> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const yaml = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'].includes(type);
  if (!yaml && type !== 'application/json')
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the runbook as application/json or application/yaml');
  const text = await c.req.text();
  const parsed = parseDocument(text);
  if ('error' in parsed) throw badRequest(`The runbook could not be read: ${parsed.error}`);
  return parsed.data;
}

const invalidRunbook = errorResponse(
  'The runbook does not follow the schema (INVALID_RUNBOOK, with details)',
);
const bodyDoc = {
  required: true,
  content: {
    'application/json': { schema: z.record(z.string(), z.unknown()) },
    'application/yaml': { schema: z.string() },
  },
};

const list = createRoute({
  method: 'get',
  path: '/knowledge/runbooks',
  tags,
  security: cookieAuth,
  summary: 'The account’s runbooks and the shipped ones they do not replace (any member)',
  request: { query: RunbookListQuery },
  responses: {
    200: jsonResponse(z.object({ items: z.array(RunbookListItem) }), 'Runbooks'),
    ...commonErrors,
  },
});
const get = createRoute({
  method: 'get',
  path: '/knowledge/runbooks/{id}',
  tags,
  security: cookieAuth,
  summary: 'One runbook: the account’s copy when it has one; `format=yaml` downloads it as YAML (any member)',
  request: { params: RunbookIdParam, query: RunbookGetQuery },
  responses: { 200: jsonResponse(RunbookEnvelope, 'Runbook'), ...commonErrors },
});
const create = createRoute({
  method: 'post',
  path: '/knowledge/runbooks',
  tags,
  security: cookieAuth,
  summary: 'Add a runbook to the account, as JSON or YAML (engineer, admin, owner)',
  request: { body: bodyDoc },
  responses: { 201: jsonResponse(RunbookEnvelope, 'Created'), ...commonErrors, 400: invalidRunbook },
});
const update = createRoute({
  method: 'put',
  path: '/knowledge/runbooks/{id}',
  tags,
  security: cookieAuth,
  summary: 'Replace an account runbook (engineer, admin, owner); shipped ones are forked first',
  request: { params: RunbookIdParam, body: bodyDoc },
  responses: { 200: jsonResponse(RunbookEnvelope, 'Updated'), ...commonErrors, 400: invalidRunbook },
});
const remove = createRoute({
  method: 'delete',
  path: '/knowledge/runbooks/{id}',
  tags,
  security: cookieAuth,
  summary: 'Delete an account runbook (engineer, admin, owner); a deleted fork gives the shipped one back',
  request: { params: RunbookIdParam },
  responses: { 204: { description: 'Deleted' }, ...commonErrors },
});
const fork = createRoute({
  method: 'post',
  path: '/knowledge/runbooks/{id}/fork',
  tags,
  security: cookieAuth,
  summary: 'Copy a shipped runbook into the account to edit it (engineer, admin, owner)',
  request: { params: RunbookIdParam },
  responses: { 201: jsonResponse(RunbookEnvelope, 'Forked'), ...commonErrors },
});

export const runbookRoutes = createRouter()
  .openapi(list, async (c) => {
    const items = await runbooks.listRunbooks(ctxOf(c), c.req.valid('query'));
    return c.json({ items: items.map(presentListItem) }, 200);
  })
  .openapi(get, async (c) => {
    const view = await runbooks.getRunbook(ctxOf(c), c.req.valid('param').id);
    if (c.req.valid('query').format === 'yaml') {
      return c.body(toYaml(view.runbook, { lineWidth: 110, noRefs: true }), 200, {
        'Content-Type': 'application/yaml; charset=utf-8',
        'Content-Disposition': `attachment; filename="${view.runbook.id}.yaml"`,
      }) as never;
    }
    return c.json(present(view), 200);
  })
  .openapi(create, async (c) => {
    const ctx = ctxOf(c);
    const row = await runbooks.createRunbook(ctx, await runbookBody(c));
    return c.json(present(await runbooks.getRunbook(ctx, row.id)), 201);
  })
  .openapi(update, async (c) => {
    const ctx = ctxOf(c);
    const id = c.req.valid('param').id;
    await runbooks.updateRunbook(ctx, id, await runbookBody(c));
    return c.json(present(await runbooks.getRunbook(ctx, id)), 200);
  })
  .openapi(remove, async (c) => {
    await runbooks.deleteRunbook(ctxOf(c), c.req.valid('param').id);
    return c.body(null, 204);
  })
  .openapi(fork, async (c) => {
    const ctx = ctxOf(c);
    const id = c.req.valid('param').id;
    await runbooks.forkRunbook(ctx, id);
    return c.json(present(await runbooks.getRunbook(ctx, id)), 201);
  });
