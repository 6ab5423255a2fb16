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

/** A secret pasted from the PSA's admin pages: printable characters, no spaces or line breaks. */
const secret = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter the ${what}`)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, `The ${what} has no spaces or line breaks`);

/** A name the tenant listed (HaloPSA outcome, Autotask note type); empty means the tenant's default. */
const noteType = statusName;

/** What every provider shares: whether to write, the statuses and the note and time choices. */
const sharedSettings = {
  enabled: z.boolean().default(true),
  escalated_status: statusName,
  resolved_status: statusName,
  resolution_note_visibility: z.enum(['internal', 'customer']).default('internal'),
  post_time_entry: z.boolean().default(false),
};

const ConnectWiseConnectionBody = z.object({
  provider: z.literal('connectwise'),
  /** e.g. api-na.myconnectwise.net or https://cw.example.com */
  site_url: z.string().trim().min(1, 'Enter the ConnectWise site').max(500),
  company_id: token('company id'),
  /** Required when there is no ConnectWise connection yet; omitted on an update to keep the stored key. */
  public_key: token('public key').optional(),
  private_key: token('private key').optional(),
  client_id: token('client id'),
  ...sharedSettings,
});

const HaloConnectionBody = z.object({
  provider: z.literal('halopsa'),
  /** The resource server, e.g. https://acme.halopsa.com (the API lives under /api). */
  site_url: z.string().trim().min(1, 'Enter the HaloPSA resource server URL').max(500),
  /** The authorisation server, e.g. https://acme.halopsa.com/auth (tokens come from {auth_url}/token). */
  auth_url: z.string().trim().min(1, 'Enter the HaloPSA authorisation server URL').max(500),
  client_id: token('client id'),
  /** Required when the connection is new or was another PSA; omitted on an update to keep it. */
  client_secret: secret('client secret').optional(),
  /** Hosted HaloPSA: the tenant name; empty on premise. */
  tenant: z
    .string()
    .trim()
    .max(100)
    .regex(/^[A-Za-z0-9_.-]*$/, 'The tenant has letters, digits, dots, dashes and underscores only')
    .nullable()
    .optional()
    .transform((t) => (t ? t : null)),
  /** The action outcome our notes carry, from the tenant's outcomes. */
  note_type: noteType,
  ...sharedSettings,
});

const AutotaskConnectionBody = z.object({
  provider: z.literal('autotask'),
  /** The API-only user's user name (an email address): the zone is discovered from it. */
  username: z.email('Enter the API user name, an email address').max(200),
  /** Required when the connection is new or was another PSA; omitted on an update to keep them. */
  secret: secret('secret').optional(),
  integration_code: token('integration code').optional(),
  /** The ticket note type our notes are filed under, from the tenant's note types. */
  note_type: noteType,
  ...sharedSettings,
});

/** A body without `provider` is a ConnectWise connection, as before there was a choice. */
const withDefaultProvider = (body: unknown) =>
  body && typeof body === 'object' && !Array.isArray(body) && !('provider' in body)
    ? { ...body, provider: 'connectwise' }
    : body;

export const SaveConnectionBody = z
  .preprocess(
    withDefaultProvider,
    z.discriminatedUnion(
      'provider',
      [ConnectWiseConnectionBody, HaloConnectionBody, AutotaskConnectionBody],
      { error: 'provider must be connectwise, halopsa or autotask' },
    ),
  )
  .openapi('SavePsaConnection');
export type SaveConnectionInput = z.infer<typeof SaveConnectionBody>;

const providerName = z.enum(['connectwise', 'halopsa', 'autotask']);

export const PsaConnection = z
  .object({
    provider: providerName,
    enabled: z.boolean(),
    /** ConnectWise site or HaloPSA resource server; null for Autotask. */
    site_url: z.string().nullable(),
    company_id: z.string().nullable(),
    /** ConnectWise: masked ("…X7Qa"); the keys never leave the server after saving. Null for the others. */
    public_key: z.string().nullable(),
    has_private_key: z.boolean(),
    client_id: z.string().nullable(),
    // Added with HaloPSA and Autotask (SPEC §17): always sent, optional for clients written before.
    auth_url: z.string().nullable().optional(),
    tenant: z.string().nullable().optional(),
    username: z.string().nullable().optional(),
    /** HaloPSA client secret or Autotask secret (and integration code) saved. */
    has_secret: z.boolean().optional(),
    note_type: z.string().nullable().optional(),
    escalated_status: z.string().nullable(),
    resolved_status: z.string().nullable(),
    resolution_note_visibility: z.enum(['internal', 'customer']),
    post_time_entry: z.boolean(),
    last_test: z.object({ at: z.string(), ok: z.boolean(), error: z.string().nullable() }).nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('PsaConnection');

export const PsaChoices = z
  .object({
    provider: providerName,
    /** Status names the tenant lists; null when the PSA has no single list (ConnectWise: type the name). */
    statuses: z.array(z.string()).nullable(),
    /** HaloPSA outcomes or Autotask note types; null when the PSA has none to choose. */
    note_types: z.array(z.string()).nullable(),
  })
  .openapi('PsaChoices');

export const PsaTestResult = z
  .object({ ok: z.boolean(), error: z.string().optional(), server_version: z.string().nullable().optional() })
  .openapi('PsaTestResult');

export const PsaStatus = z
  .object({
    connected: z.boolean(),
    provider: providerName.nullable(),
    /** Resolving books a time entry: the resolve form asks for the hours. */
    time_entries: z.boolean(),
  })
  .openapi('PsaStatus');

export const TicketParam = z.object({
  number: z
    .string()
    .regex(
      /^#?[1-9]\d{0,11}$/,
      'A ConnectWise ticket number such as 12345 (HaloPSA and Autotask: the ticket id, also a number)',
    )
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
