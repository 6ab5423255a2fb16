import { z } from '@hono/zod-openapi';
import { AccountSummary, EmailSchema } from './auth.schemas';
import { MIN_PASSWORD_LENGTH } from './passwords';

export const PasswordResetRequestBody = z.object({ email: EmailSchema }).openapi('PasswordResetRequest');

export const PasswordResetAccepted = z.object({ message: z.string() }).openapi('PasswordResetAccepted');

/** Same password rules as accepting an invite. */
export const PasswordResetConfirmBody = z
  .object({
    token: z.string().min(1).max(200),
    password: z.string().min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`).max(1000),
  })
  .openapi('PasswordResetConfirm');

export const ResetTokenParam = z.object({
  token: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'token', in: 'path' } }),
});

export const PasswordResetPreview = z
  .object({ email: z.string(), account: AccountSummary, expires_at: z.string() })
  .openapi('PasswordResetPreview');
