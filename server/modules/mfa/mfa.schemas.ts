import { z } from '@hono/zod-openapi';
import { SessionInfo } from '../auth/auth.schemas';

const CodeField = z.string().trim().min(1).max(64);

/** A six-digit code from the authenticator app. */
export const TotpCodeBody = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, 'A six-digit code from the authenticator app'),
  })
  .strict()
  .openapi('MfaTotpCodeBody');

/**
 * Proof of the second factor: `code` (the app's six digits, or a recovery code) or `recovery_code`.
 * Passkeys will add their own field here.
 */
export const MfaProofBody = z
  .object({ code: CodeField.optional(), recovery_code: CodeField.optional() })
  .strict()
  .refine((b) => (b.code === undefined) !== (b.recovery_code === undefined), {
    message: 'Send exactly one of code or recovery_code',
  })
  .openapi('MfaProofBody');

export const MfaLoginBody = z
  .object({
    mfa_token: z.string().min(1).max(200),
    code: CodeField.optional(),
    recovery_code: CodeField.optional(),
  })
  .strict()
  .refine((b) => (b.code === undefined) !== (b.recovery_code === undefined), {
    message: 'Send exactly one of code or recovery_code',
  })
  .openapi('MfaLoginBody');

export const MfaMethod = z.enum(['totp', 'recovery_code']).openapi('MfaMethod');

/** The password was right and a second factor is needed: no session yet. */
export const MfaChallengeInfo = z
  .object({
    mfa_required: z.literal(true),
    mfa_token: z.string(),
    expires_at: z.string(),
    methods: z.array(MfaMethod),
  })
  .openapi('MfaChallenge');

export const TotpEnrolment = z
  .object({ secret: z.string(), otpauth_url: z.string(), qr_data_url: z.string() })
  .openapi('MfaTotpEnrolment');

export const RecoveryCodes = z
  .object({ recovery_codes: z.array(z.string()).length(10) })
  .openapi('MfaRecoveryCodes');

export const MfaStatusSchema = z
  .object({
    enabled: z.boolean(),
    methods: z.array(z.enum(['totp'])),
    recovery_codes_left: z.number().int(),
    account_requires_mfa: z.boolean(),
  })
  .openapi('MfaStatus');

/** GET /me: who is signed in, plus the state of their second factor. */
export const MeInfo = SessionInfo.extend({
  mfa_enrolment_required: z.boolean(),
  mfa: MfaStatusSchema,
}).openapi('MeInfo');

export const AccountSecuritySettings = z
  .object({ require_mfa: z.boolean() })
  .openapi('AccountSecuritySettings');

export const AccountSecurityPatch = z
  .object({ require_mfa: z.boolean() })
  .strict()
  .openapi('AccountSecurityPatch');
