import { z } from '@hono/zod-openapi';
import { CHANNEL_EVENT_KEYS, CHANNEL_KINDS } from '../../../shared/notification-events';

const Events = z
  .array(z.enum(CHANNEL_EVENT_KEYS))
  .min(1, 'Subscribe to at least one event')
  .max(CHANNEL_EVENT_KEYS.length)
  .transform((events) => [...new Set(events)])
  .openapi({ example: ['handoff_created'] });

export const CreateChannelBody = z
  .object({
    kind: z.enum(CHANNEL_KINDS),
    name: z.string().trim().min(1).max(100),
    /** Webhook URL (slack, teams, webhook) or email addresses separated by commas (email). */
    target: z.string().trim().min(1).max(2000),
    events: Events.optional(),
    enabled: z.boolean().optional(),
  })
  .openapi('CreateChannel');

export const PatchChannelBody = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    target: z.string().trim().min(1).max(2000).optional(),
    events: Events.optional(),
    enabled: z.boolean().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'Nothing to change' })
  .openapi('PatchChannel');

export const Channel = z
  .object({
    id: z.string(),
    kind: z.enum(CHANNEL_KINDS),
    name: z.string(),
    /** Masked: the full URL is a credential and never leaves the server after saving. */
    target: z.string(),
    events: z.array(z.string()),
    enabled: z.boolean(),
    has_secret: z.boolean(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Channel');

export const CreatedChannel = z
  .object({
    channel: Channel,
    /** Webhook channels only, shown this once: verifies X-ResolutionFlow-Signature. */
    secret: z.string().optional(),
  })
  .openapi('CreatedChannel');

export const ChannelTestResult = z
  .object({ ok: z.boolean(), error: z.string().optional() })
  .openapi('ChannelTestResult');
