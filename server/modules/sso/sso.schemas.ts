import { z } from '@hono/zod-openapi';

/** Roles a member created on first SSO sign-in may get: never owner (ownership is handed over, not granted by a provider). */
export const SSO_DEFAULT_ROLES = ['admin', 'engineer', 'tech', 'viewer'] as const;
export type SsoDefaultRole = (typeof SSO_DEFAULT_ROLES)[number];

/** A DNS name of at least two labels, lower-cased: `example.com`, `it.example.co.uk`. */
const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const DomainField = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(DOMAIN, 'An email domain such as example.com (no @, no scheme)');

export const SsoSettings = z
  .object({
    configured: z.boolean().openapi({ description: 'Whether settings were ever saved' }),
    issuer_url: z.string(),
    client_id: z.string(),
    has_secret: z.boolean().openapi({ description: 'A client secret is stored; it is never sent back' }),
    allowed_domains: z.array(z.string()),
    default_role: z.enum(SSO_DEFAULT_ROLES),
    sso_only: z.boolean(),
    enabled: z.boolean(),
    redirect_uri: z.string().openapi({ description: 'What to register at the provider as the redirect URI' }),
  })
  .openapi('SsoSettings');

export const SsoSettingsBody = z
  .object({
    issuer_url: z.string().trim().min(1).max(500),
    client_id: z.string().trim().min(1).max(300),
    client_secret: z
      .string()
      .min(1)
      .max(1000)
      .optional()
      .openapi({ description: 'Omit to keep the stored secret; send to replace it' }),
    clear_secret: z
      .boolean()
      .optional()
      .openapi({ description: 'Forget the stored secret (public clients that use PKCE only)' }),
    allowed_domains: z
      .array(DomainField)
      .min(1)
      .max(50)
      .refine((list) => new Set(list).size === list.length, { message: 'A domain is listed twice' }),
    default_role: z.enum(SSO_DEFAULT_ROLES).default('tech'),
    sso_only: z.boolean().default(false),
    enabled: z.boolean().default(false),
  })
  .openapi('SsoSettingsBody');

export const SsoDiscoveryResult = z
  .object({
    ok: z.boolean(),
    message: z.string(),
    issuer: z.string().nullable(),
    authorization_endpoint: z.string().nullable(),
  })
  .openapi('SsoDiscoveryResult');

export const SsoStartBody = z
  .object({
    email: z
      .string()
      .trim()
      .min(3)
      .max(320)
      .regex(/^[^@\s]+@[^@\s]+$/, 'An email address'),
  })
  .openapi('SsoStartBody');

export const SsoStartAnswer = z
  .object({ redirect_url: z.string().openapi({ description: 'Send the browser here (the provider)' }) })
  .openapi('SsoStartAnswer');

export const SsoCallbackQuery = z.object({
  state: z.string().max(200).optional(),
  code: z.string().max(4000).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(2000).optional(),
  iss: z.string().max(500).optional(),
  session_state: z.string().max(500).optional(),
});

/**
 * Why a callback ended on the login page (`/login?sso_error=…`); the web app words each one. None
 * says which account an email belongs to.
 */
export const SSO_CALLBACK_ERRORS = [
  'sso_disabled',
  'provider_error',
  'email_missing',
  'email_unverified',
  'domain_not_allowed',
  'not_a_member',
  'member_inactive',
] as const;
export type SsoCallbackError = (typeof SSO_CALLBACK_ERRORS)[number];
