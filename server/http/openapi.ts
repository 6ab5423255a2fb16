import { OpenAPIHono, z } from '@hono/zod-openapi';
import { validationErrorBody } from './middleware/errors';
import type { AppEnv } from './types';

/** Every router shares the validation hook, so a bad body, query or path is always the same 400. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return c.json(validationErrorBody(result.error), 400);
    },
  });
}

export const ErrorSchema = z
  .object({ code: z.string(), message: z.string(), details: z.unknown().optional() })
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
