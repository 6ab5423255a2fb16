import { z } from '@hono/zod-openapi';
import { RoleSchema } from '../auth/auth.schemas';

export const Member = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: RoleSchema,
    is_active: z.boolean(),
    created_at: z.string(),
    last_login_at: z.string().nullable(),
  })
  .openapi('Member');

export const MemberPatchBody = z
  .object({ role: RoleSchema.optional(), is_active: z.boolean().optional() })
  .refine((b) => b.role !== undefined || b.is_active !== undefined, { message: 'Give a role or is_active' })
  .openapi('MemberPatch');
