import { createRoute, z } from '@hono/zod-openapi';
import { auditLogCsv, CSV_MAX_ROWS, listAuditLog, MAX_PAGE } from '../../modules/audit/audit.service';
import { ctxOf } from '../middleware/auth';
import { commonErrors, cookieAuth, createRouter, jsonResponse, orNull } from '../openapi';

const NAME = /^[A-Za-z0-9_.:-]+$/;
/** A date (`2026-01-31`, a whole UTC day) or a date-time with its offset. */
const DATE_OR_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/;

const Filters = z.object({
  action: z
    .string()
    .min(1)
    .max(100)
    .regex(NAME, 'action holds letters, digits, `_`, `.`, `:` and `-` only')
    .optional()
    .openapi({ description: 'An exact action, or a prefix ending with a dot (`mfa.`)', example: 'member.' }),
  actor: z
    .uuid('actor must be a member id (a UUID)')
    .optional()
    .openapi({ description: 'The acting member' }),
  target_type: z
    .string()
    .min(1)
    .max(50)
    .regex(NAME, 'target_type holds letters, digits, `_`, `.`, `:` and `-` only')
    .optional(),
  from: z
    .string()
    .regex(DATE_OR_TIME, 'from must be an ISO date (2026-01-31) or date-time with offset')
    .optional()
    .openapi({ description: 'Inclusive; a date means the start of that UTC day' }),
  to: z
    .string()
    .regex(DATE_OR_TIME, 'to must be an ISO date (2026-01-31) or date-time with offset')
    .optional()
    .openapi({ description: 'Inclusive; a date means the whole UTC day' }),
});

const PageQuery = Filters.extend({
  limit: z.coerce
    .number({ message: 'limit must be a number' })
    .int('limit must be a whole number')
    .min(1, 'limit is at least 1')
    .max(MAX_PAGE, `limit is at most ${MAX_PAGE}`)
    .default(50),
  cursor: z
    .string()
    .regex(/^\d{1,18}$/, 'cursor must be the next_cursor of a previous page')
    .optional()
    .openapi({ description: 'next_cursor of the previous page' }),
});

const Actor = z.object({ id: z.string(), name: z.string(), email: z.string() }).openapi('AuditActor');
const AuditEntry = z
  .object({
    id: z.string(),
    created_at: z.string(),
    action: z.string(),
    actor: orNull(Actor).openapi({
      description: 'null for actions of the system (escalation policy, sign-up)',
    }),
    target_type: z.string(),
    target_id: z.string().nullable(),
    details: z
      .record(z.string(), z.unknown())
      .openapi({ description: 'What changed; values under secret-like names are masked' }),
  })
  .openapi('AuditEntry');

const listRoute = createRoute({
  method: 'get',
  path: '/audit-log',
  tags: ['audit'],
  security: cookieAuth,
  summary: 'The account’s audit log, newest first, filtered and paged by cursor (owner, admin)',
  request: { query: PageQuery },
  responses: {
    200: jsonResponse(
      z.object({ items: z.array(AuditEntry), next_cursor: z.string().nullable() }),
      'Entries; next_cursor is null on the last page',
    ),
    ...commonErrors,
  },
});

const csvRoute = createRoute({
  method: 'get',
  path: '/audit-log.csv',
  tags: ['audit'],
  security: cookieAuth,
  summary: `The filtered audit log as CSV, newest first, at most ${CSV_MAX_ROWS} entries (owner, admin)`,
  description:
    'When the cap cuts the export short, the last line says so and the `X-Export-Truncated` header is `true`.',
  request: { query: Filters },
  responses: {
    200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } },
    ...commonErrors,
  },
});

export const auditLogRoutes = createRouter()
  .openapi(listRoute, async (c) => c.json(await listAuditLog(ctxOf(c), c.req.valid('query')), 200))
  .openapi(csvRoute, async (c) => {
    const { csv, truncated } = await auditLogCsv(ctxOf(c), c.req.valid('query'));
    return c.body(csv, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="audit-log.csv"',
      'X-Export-Truncated': truncated ? 'true' : 'false',
    });
  });
