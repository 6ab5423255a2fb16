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
 * (A passkey is answered at sign-in only: MfaLoginBody.)
 */
export const MfaProofBody = z
  .object({ code: CodeField.optional(), recovery_code: CodeField.optional() })
  .strict()
  .refine((b) => (b.code === undefined) !== (b.recovery_code === undefined), {
    message: 'Send exactly one of code or recovery_code',
  })
  .openapi('MfaProofBody');

// WebAuthn answers carry base64url fields; bounded so a huge body is refused by the schema.
const B64Url = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9_-]*$/, 'base64url');

/** The browser's answer to a sign-in challenge (navigator.credentials.get, as @simplewebauthn/browser sends it). */
export const PasskeyAssertion = z
  .object({
    id: B64Url(1024).min(1),
    rawId: B64Url(1024).min(1),
    type: z.literal('public-key'),
    response: z.object({
      clientDataJSON: B64Url(8192).min(1),
      authenticatorData: B64Url(8192).min(1),
      signature: B64Url(2048).min(1),
      userHandle: B64Url(1024).optional(),
    }),
    clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
    authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  })
  .openapi('PasskeyAssertion');

/** The browser's answer to a registration challenge (navigator.credentials.create). */
export const PasskeyAttestation = z
  .object({
    id: B64Url(1024).min(1),
    rawId: B64Url(1024).min(1),
    type: z.literal('public-key'),
    response: z.object({
      clientDataJSON: B64Url(8192).min(1),
      attestationObject: B64Url(65536).min(1),
      authenticatorData: B64Url(8192).optional(),
      transports: z
        .array(z.enum(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']))
        .max(8)
        .optional(),
      publicKeyAlgorithm: z.number().int().optional(),
      publicKey: B64Url(8192).optional(),
    }),
    clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
    authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  })
  .openapi('PasskeyAttestation');

export const MfaLoginBody = z
  .object({
    mfa_token: z.string().min(1).max(200),
    code: CodeField.optional(),
    recovery_code: CodeField.optional(),
    passkey: PasskeyAssertion.optional(),
  })
  .strict()
  .refine((b) => [b.code, b.recovery_code, b.passkey].filter((v) => v !== undefined).length === 1, {
    message: 'Send exactly one of code, recovery_code or passkey',
  })
  .openapi('MfaLoginBody');

export const MfaTokenBody = z
  .object({ mfa_token: z.string().min(1).max(200) })
  .strict()
  .openapi('MfaTokenBody');

/** WebAuthn options as the browser's API takes them (JSON form); see @simplewebauthn/browser. */
export const PasskeyOptions = z.object({ challenge: z.string() }).loose().openapi('PasskeyOptions');

export const PasskeyRegistrationBody = z
  .object({ name: z.string().trim().min(1).max(80), response: PasskeyAttestation })
  .strict()
  .openapi('PasskeyRegistrationBody');

export const PasskeyInfo = z
  .object({
    id: z.uuid(),
    name: z.string(),
    created_at: z.string(),
    last_used_at: z.string().nullable(),
  })
  .openapi('Passkey');

export const PasskeyRegistered = z
  .object({ passkey: PasskeyInfo, recovery_codes: z.array(z.string()).length(10).optional() })
  .openapi('PasskeyRegistered');

export const PasskeyList = z.object({ passkeys: z.array(PasskeyInfo) }).openapi('PasskeyList');

export const MfaMethod = z.enum(['totp', 'passkey', 'recovery_code']).openapi('MfaMethod');

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
    methods: z.array(z.enum(['totp', 'passkey'])),
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
