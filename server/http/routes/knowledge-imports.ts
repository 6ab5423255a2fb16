import { createRoute, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as imports from '../../modules/knowledge/import/file-import.service';
import { presentImport } from '../../modules/knowledge/imports.presenter';
import { importUploadBody, KnowledgeImport } from '../../modules/knowledge/import/import.schemas';
import { IMPORT_LIMITS } from '../../modules/knowledge/import/limits';
import type { UploadedFile } from '../../modules/knowledge/import/upload';
import { assertMayWriteKnowledge } from '../../modules/knowledge/knowledge.permissions';
import { AppError, badRequest } from '../../lib/app-error';
import { replyWithError } from '../errors';
import { ctxOf } from '../middleware/auth';
import { commonErrors, cookieAuth, createRouter, errorResponse, IdParam, jsonResponse } from '../openapi';
import type { AppEnv } from '../types';

const tags = ['knowledge'];

/** The upload route, under the API prefix: app.ts exempts it from the 1 MB limit of JSON requests. */
export const KNOWLEDGE_IMPORT_PATH = '/knowledge/import';

/** Refused roles are told so before their upload is read. */
const writersOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  assertMayWriteKnowledge(ctxOf(c).actor.role);
  await next();
};

/** Answers 413 from the declared length alone, or as soon as a streamed body passes the limit. */
const uploadLimit = bodyLimit({
  maxSize: IMPORT_LIMITS.uploadBytes,
  onError: (c) =>
    replyWithError(
      c,
      'PAYLOAD_TOO_LARGE',
      `An upload may be at most ${IMPORT_LIMITS.uploadBytes / 1024 / 1024} MB; send the files in several uploads`,
    ),
});

/** The parts of the `files` field; other fields are ignored. */
async function uploadedFiles(c: Context<AppEnv>): Promise<UploadedFile[]> {
  const type = c.req.header('content-type') ?? '';
  if (!type && !c.req.raw.body) return [];
  if (!/^multipart\/form-data\b/i.test(type))
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the files as multipart/form-data in the field `files`',
    );
  let form: FormData;
  try {
    form = await c.req.raw.formData();
  } catch {
    throw badRequest('The multipart body could not be read');
  }
  const files: UploadedFile[] = [];
  for (const part of form.getAll('files')) {
    if (typeof part === 'string') continue;
    files.push({ name: part.name || 'unnamed', bytes: Buffer.from(await part.arrayBuffer()) });
  }
  return files;
}

const upload = createRoute({
  method: 'post',
  path: KNOWLEDGE_IMPORT_PATH,
  tags,
  security: cookieAuth,
  summary:
    'Import files as knowledge in the background: Markdown, text, HTML and Word as articles, YAML/JSON runbooks, and .zip archives of those (engineer, admin, owner); watch progress with GET /knowledge/imports/{id}',
  middleware: [writersOnly, uploadLimit] as const,
  request: { body: importUploadBody },
  responses: {
    202: jsonResponse(
      z.object({ import: KnowledgeImport }),
      'Accepted: the files are imported in the background',
    ),
    ...commonErrors,
    400: errorResponse('No file, an unreadable body, or more files than an upload may hold (TOO_MANY_FILES)'),
    413: errorResponse(
      `The upload is larger than ${IMPORT_LIMITS.uploadBytes / 1024 / 1024} MB (PAYLOAD_TOO_LARGE)`,
    ),
    415: errorResponse('Not multipart/form-data'),
  },
});
const get = createRoute({
  method: 'get',
  path: '/knowledge/imports/{id}',
  tags,
  security: cookieAuth,
  summary:
    'Progress of an import: total, done, imported, skipped, and each failed file with the reason (any member)',
  request: { params: IdParam },
  responses: { 200: jsonResponse(z.object({ import: KnowledgeImport }), 'The import'), ...commonErrors },
});
const list = createRoute({
  method: 'get',
  path: '/knowledge/imports',
  tags,
  security: cookieAuth,
  summary: 'The account’s recent imports, file uploads and PSA history, newest first (any member)',
  responses: { 200: jsonResponse(z.object({ items: z.array(KnowledgeImport) }), 'Imports'), ...commonErrors },
});

export const knowledgeImportRoutes = createRouter()
  .openapi(upload, async (c) => {
    const queue = c.get('deps').imports;
    if (!queue) throw new AppError('IMPORTS_UNAVAILABLE', 'File imports are not available right now');
    const row = await imports.startFileImport(ctxOf(c), await uploadedFiles(c), queue);
    return c.json({ import: presentImport(row) }, 202);
  })
  .openapi(get, async (c) =>
    c.json({ import: presentImport(await imports.getImport(ctxOf(c), c.req.valid('param').id)) }, 200),
  )
  .openapi(list, async (c) =>
    c.json({ items: (await imports.listImports(ctxOf(c))).map(presentImport) }, 200),
  );
