import { z } from '@hono/zod-openapi';
import { MIN_PASSWORD_LENGTH } from '../auth/passwords';
import { EmailSchema, RoleSchema } from '../auth/auth.schemas';

export const CreateInviteBody = z.object({ email: EmailSchema, role: RoleSchema }).openapi('CreateInvite');

export const Invite = z
  .object({
    id: z.string(),
    email: z.string(),
    role: RoleSchema,
    status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
    expires_at: z.string(),
    created_at: z.string(),
  })
  .openapi('Invite');

export const CreatedInvite = z
  .object({
    id: z.string(),
    email: z.string(),
    role: RoleSchema,
    expires_at: z.string(),
    accept_url: z.string(),
  })
  .openapi('CreatedInvite');

export const InviteTokenParam = z.object({
  token: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'token', in: 'path' } }),
});

export const AcceptInviteBody = z
  .object({
    token: z.string().min(1).max(200),
    name: z.string().trim().min(1).max(200),
    password: z.string().min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`).max(1000),
  })
  .openapi('AcceptInvite');
