import { z } from '@hono/zod-openapi';
import { orNull, sharedComponent } from '../../http/openapi';
import {
  ASSESSMENT_STATUSES,
  assessmentSchema,
  HANDOFF_INTENTS,
  handoffSnapshotSchema,
} from '../../../shared/handoffs';
import { PRIORITIES } from '../../../shared/sessions';

export const CreateHandoffBody = z
  .object({
    intent: z.enum(HANDOFF_INTENTS),
    engineer_notes: z.string().trim().max(5000).optional(),
    target_user_id: z
      .uuid()
      .optional()
      .nullable()
      .transform((v) => v ?? undefined),
    priority: z.enum(PRIORITIES).optional(),
  })
  .openapi('CreateHandoff');

const Person = z.object({ id: z.string(), name: z.string() });

/** Who the last fired policy stage paged and why ("on call, Primary"), SPEC §15. */
export const PagedPerson = z
  .object({
    id: z.string(),
    name: z.string(),
    reason: z.enum(['target', 'member', 'role', 'on_call', 'round_robin', 'everyone']),
    schedule: Person.nullable(),
    layer: z.string().nullable(),
  })
  .openapi('PagedPerson');

export const HandoffSnapshot = sharedComponent('HandoffSnapshot', handoffSnapshotSchema);
export const Assessment = sharedComponent('Assessment', assessmentSchema);

export const Handoff = z
  .object({
    id: z.string(),
    session_id: z.string(),
    intent: z.enum(HANDOFF_INTENTS),
    handed_off_by: Person,
    target_user_id: z.string().nullable(),
    engineer_notes: z.string(),
    priority: z.enum(PRIORITIES),
    snapshot: HandoffSnapshot,
    assessment: orNull(Assessment),
    assessment_status: z.enum(ASSESSMENT_STATUSES),
    claimed_by: Person.nullable(),
    claimed_at: z.string().nullable(),
    released_at: z.string().nullable(),
    resolved_at: z.string().nullable(),
    policy_level: z.number(),
    paged: z.array(PagedPerson),
    created_at: z.string(),
  })
  .openapi('Handoff');

export const QueueItem = z
  .object({
    id: z.string(),
    session_id: z.string(),
    problem_summary: z.string(),
    problem_domain: z.string(),
    handed_off_by: Person,
    engineer_notes: z.string(),
    priority: z.enum(PRIORITIES),
    ticket: z.string().nullable(),
    client: z.string().nullable(),
    steps_tried: z.number(),
    assessment_status: z.enum(ASSESSMENT_STATUSES),
    policy_level: z.number(),
    target_user_id: z.string().nullable(),
    paged: z.array(PagedPerson),
    created_at: z.string(),
    age_seconds: z.number(),
  })
  .openapi('QueueItem');
