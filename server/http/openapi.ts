import { OpenAPIHono, z } from '@hono/zod-openapi';
import { ERROR_CODE_LIST, ERROR_CODES, type ErrorCode } from '../../shared/error-codes';
import { validationErrorBody } from './errors';
import type { AppEnv } from './types';

/** Every router shares the validation hook, so a bad body, query or path is always the same 400. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return c.json(validationErrorBody(result.error), 400);
    },
  });
}

function describeCode(code: ErrorCode) {
  const spec: { status: number; otherStatuses?: readonly number[]; description: string } = ERROR_CODES[code];
  const statuses = [spec.status, ...(spec.otherStatuses ?? [])].join(', ');
  return `- \`${code}\` (${statuses}): ${spec.description}`;
}

/** Every code of shared/error-codes.ts, each with its status and when it is sent. */
export const ErrorCodeSchema = z.enum(ERROR_CODE_LIST).openapi('ErrorCode', {
  description: [
    'Stable code of the refusal: branch on it, show `message`.',
    '',
    ...ERROR_CODE_LIST.map(describeCode),
  ].join('\n'),
  'x-enum-descriptions': ERROR_CODE_LIST.map((code) => ERROR_CODES[code].description),
});

/** The body of every error answer; some codes add top-level fields (see their description). */
export const ErrorSchema = z
  .object({ code: ErrorCodeSchema, message: z.string(), details: z.unknown().optional() })
  .openapi('Error');

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorSchema } },
});

/** The error answers most authenticated routes can give, for the OpenAPI document. */
export const commonErrors = {
  400: errorResponse('Invalid input'),
  401: errorResponse('Not signed in'),
  403: errorResponse('Not allowed for this role'),
  404: errorResponse('Not found (or belongs to another account)'),
  503: errorResponse('The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly'),
} as const;
export { errorResponse };

export const IdParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export const cookieAuth: Record<string, string[]>[] = [{ cookieAuth: [] }, { bearerAuth: [] }];

/**
 * A named schema, or null. Not `.nullable()`: on a named schema that renames the nullable form, so the
 * component itself would admit null (or come out as an `allOf` that generated clients misread).
 */
export const orNull = <T extends z.ZodType>(schema: T) => z.union([schema, z.null()]);

/**
 * An object schema of shared/ (plain zod, also used by the web) as a named OpenAPI component. It is
 * rebuilt with this module's `z`: zod gives a schema `.openapi()` when the schema is created, so one
 * created before @hono/zod-openapi extended zod (when shared/ happens to load first) has none.
 */
export const sharedComponent = <T extends z.ZodRawShape>(name: string, schema: z.ZodObject<T>) =>
  z.object(schema.shape).openapi(name);
