import { z } from '@hono/zod-openapi';
import { CHANNEL_KINDS, DELIVERY_STATUSES } from '../../../shared/notification-events';

export const DeliveryLogQuery = z.object({
  status: z.enum(DELIVERY_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const DeliveryLogItem = z
  .object({
    id: z.string(),
    /**
     * The channel kind: email, slack, teams or webhook; `psa` for a write to the PSA ticket; `push`
     * for a web push to a member's device (the recipient is the device's subscription id).
     */
    channel: z.enum([...CHANNEL_KINDS, 'psa', 'push']),
    /** PSA rows: `note`, `status` (changed and read back) or `time_entry`. */
    psa_action: z.enum(['note', 'status', 'time_entry']).nullable(),
    channel_id: z.string().nullable(),
    channel_name: z.string().nullable(),
    /** An email address, or the channel's masked URL (webhook URLs are credentials). */
    recipient: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number(),
    last_error: z.string().nullable(),
    next_attempt_at: z.string().nullable(),
    sent_at: z.string().nullable(),
    created_at: z.string(),
    event_id: z.number(),
    event_type: z.string(),
    handoff_id: z.string().nullable(),
  })
  .openapi('DeliveryLogItem');

export const DevOutboxItem = z
  .object({
    id: z.string(),
    delivery_id: z.string().nullable(),
    message_id: z.string(),
    from: z.string(),
    to: z.string(),
    subject: z.string(),
    text: z.string(),
    html: z.string(),
    created_at: z.string(),
  })
  .openapi('DevOutboxItem');
