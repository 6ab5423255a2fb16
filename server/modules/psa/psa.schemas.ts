import { z } from '@hono/zod-openapi';
import { orNull } from '../../http/openapi';

// Values that travel in HTTP headers (Basic auth, clientId): no spaces, colons or line breaks.
const token = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter the ${what}`)
    .max(64)
    .regex(/^[A-Za-z0-9_.-]+$/, `The ${what} has letters, digits, dots, dashes and underscores only`);

/** Empty means "leave the status alone". */
const statusName = z
  .string()
  .trim()
  .max(100)
  .nullable()
  .optional()
  .transform((s) => (s ? s : null));

export const SaveConnectionBody = z
  .object({
    /** e.g. api-na.myconnectwise.net or https://cw.example.com */
    site_url: z.string().trim().min(1, 'Enter the ConnectWise site').max(500),
    company_id: token('company id'),
    /** Required when there is no connection yet; omitted on an update to keep the stored key. */
    public_key: token('public key').optional(),
    private_key: token('private key').optional(),
    client_id: token('client id'),
    enabled: z.boolean().default(true),
    escalated_status: statusName,
    resolved_status: statusName,
    resolution_note_visibility: z.enum(['internal', 'customer']).default('internal'),
    post_time_entry: z.boolean().default(false),
  })
  .openapi('SavePsaConnection');

export const PsaConnection = z
  .object({
    provider: z.literal('connectwise'),
    enabled: z.boolean(),
    site_url: z.string(),
    company_id: z.string(),
    /** Masked ("…X7Qa"): the keys never leave the server after saving. */
    public_key: z.string(),
    has_private_key: z.boolean(),
    client_id: z.string(),
    escalated_status: z.string().nullable(),
    resolved_status: z.string().nullable(),
    resolution_note_visibility: z.enum(['internal', 'customer']),
    post_time_entry: z.boolean(),
    last_test: z.object({ at: z.string(), ok: z.boolean(), error: z.string().nullable() }).nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('PsaConnection');

export const PsaTestResult = z
  .object({ ok: z.boolean(), error: z.string().optional(), server_version: z.string().nullable().optional() })
  .openapi('PsaTestResult');

export const PsaStatus = z
  .object({
    connected: z.boolean(),
    provider: z.literal('connectwise').nullable(),
    /** Resolving books a time entry: the resolve form asks for the hours. */
    time_entries: z.boolean(),
  })
  .openapi('PsaStatus');

export const TicketParam = z.object({
  number: z
    .string()
    .regex(/^#?[1-9]\d{0,11}$/, 'A ConnectWise ticket number such as 12345')
    .transform((n) => n.replace(/^#/, ''))
    .openapi({ param: { name: 'number', in: 'path' }, example: '12345' }),
});

export const PsaTicket = z
  .object({
    number: z.string(),
    summary: z.string(),
    company: z.string().nullable(),
    contact: z.string().nullable(),
    board: z.string().nullable(),
    status: z.string().nullable(),
    initial_description: z.string().nullable(),
  })
  .openapi('PsaTicket');

export const PsaMember = z
  .object({ id: z.number(), identifier: z.string(), name: z.string() })
  .openapi('PsaMember');

export const MemberLink = z
  .object({
    user_id: z.string(),
    name: z.string(),
    email: z.string(),
    role: z.string(),
    psa_member: orNull(PsaMember),
  })
  .openapi('PsaMemberLink');

export const UserIdParam = z.object({
  user_id: z.uuid().openapi({ param: { name: 'user_id', in: 'path' } }),
});

export const LinkMemberBody = z
  .object({ member_id: z.number().int().positive().max(2_147_483_647) })
  .openapi('LinkPsaMember');
