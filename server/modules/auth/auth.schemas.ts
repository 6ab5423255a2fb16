import { z } from '@hono/zod-openapi';
import { ROLES } from '../../../shared/roles';

export const RoleSchema = z.enum(ROLES);
export const EmailSchema = z
  .email()
  .max(320)
  .transform((e) => e.trim().toLowerCase());

export const LoginBody = z
  .object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1000) })
  .openapi('LoginBody');

export const UserSummary = z
  .object({ id: z.string(), email: z.string(), name: z.string(), role: RoleSchema })
  .openapi('User');
export const AccountSummary = z.object({ id: z.string(), name: z.string() }).openapi('Account');

export const SessionInfo = z
  .object({
    user: UserSummary,
    account: AccountSummary,
    csrf_token: z.string().nullable(),
    /** True when the account requires MFA and this user has none: only enrolment is open. */
    mfa_enrolment_required: z.boolean().optional(),
  })
  .openapi('SessionInfo');
