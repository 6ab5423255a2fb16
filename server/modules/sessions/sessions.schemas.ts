import { z } from '@hono/zod-openapi';
import { orNull, sharedComponent } from '../../http/openapi';
import {
  ASSISTANT_FINISHED,
  CONFIDENCE_TIERS,
  OUTCOMES,
  PRIORITIES,
  SESSION_STATUSES,
  STEP_KINDS,
  STEP_SOURCES,
  stepAnswerSchema,
  stepContentSchema,
} from '../../../shared/sessions';

const optionalText = (max: number) => z.string().trim().max(max).optional().nullable();

export const CreateSessionBody = z
  .object({
    problem: z.string().trim().min(3, 'Describe the problem in a few words').max(5000),
    ticket: z
      .string()
      .trim()
      .regex(/^#?[A-Za-z0-9-]{1,32}$/, 'A PSA ticket number such as 12345')
      .transform((t) => t.replace(/^#/, ''))
      .optional()
      .nullable(),
    client: optionalText(200),
    asset: optionalText(200),
    log: optionalText(20_000),
    priority: z.enum(PRIORITIES).optional(),
  })
  .openapi('CreateSession');

export const ListSessionsQuery = z.object({
  scope: z.enum(['mine', 'account']).default('mine'),
  /** One status, or several separated by commas (e.g. `active,paused`). */
  status: z
    .string()
    .max(200)
    .transform((v) =>
      v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(SESSION_STATUSES)).min(1))
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const AnswerBody = z
  .object({
    option: z.string().min(1).max(200).optional(),
    text: z.string().trim().min(1).max(5000).optional(),
    skipped: z.boolean().optional(),
    outcome: z.enum(OUTCOMES).optional(),
    note: z.string().trim().max(2000).optional(),
  })
  .openapi('Answer');

export const FactBody = z
  .object({ text: z.string().trim().min(1).max(2000).optional(), step_id: z.uuid().optional() })
  .refine((b) => b.text !== undefined || b.step_id !== undefined, { message: 'Give text or step_id' })
  .openapi('FactInput');

export const NoteBody = z.object({ text: z.string().trim().min(1).max(5000) }).openapi('NoteInput');

export const ResolveBody = z
  .object({
    root_cause: z.string().trim().min(3).max(2000),
    resolution_summary: z.string().trim().min(3).max(5000),
    /** Hours for the PSA time entry, in quarter hours; default: the session's time spent. */
    time_hours: z.number().min(0.25).max(24).multipleOf(0.25, 'Use quarter hours, e.g. 0.75').optional(),
  })
  .openapi('Resolve');

export const SessionIdParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });
export const StepParams = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }),
  step_id: z.uuid().openapi({ param: { name: 'step_id', in: 'path' } }),
});

const Person = z.object({ id: z.string(), name: z.string() });

export const StepContent = sharedComponent('StepContent', stepContentSchema);
export const StepAnswer = sharedComponent('StepAnswer', stepAnswerSchema);

export const Session = z
  .object({
    id: z.string(),
    status: z.enum(SESSION_STATUSES),
    user_id: z.string(),
    owner: Person,
    escalated_to_id: z.string().nullable(),
    escalated_to: Person.nullable(),
    problem_summary: z.string(),
    problem_domain: z.string(),
    priority: z.enum(PRIORITIES),
    confidence: z.number(),
    confidence_tier: z.enum(CONFIDENCE_TIERS),
    confidence_factors: z.array(z.string()),
    provider: z.string(),
    fallback: z.boolean(),
    assistant_finished: z.enum(ASSISTANT_FINISHED).nullable(),
    ticket: z.string().nullable(),
    client: z.string().nullable(),
    asset: z.string().nullable(),
    problem: z.string(),
    log: z.string().nullable(),
    escalation_reason: z.string().nullable(),
    root_cause: z.string().nullable(),
    resolution_summary: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
    escalated_at: z.string().nullable(),
    resolved_at: z.string().nullable(),
  })
  .openapi('Session');

export const Step = z
  .object({
    id: z.string(),
    step_order: z.number(),
    kind: z.enum(STEP_KINDS),
    content: StepContent,
    answer: orNull(StepAnswer),
    outcome: z.enum(OUTCOMES).nullable(),
    note: z.string().nullable(),
    actor_user_id: z.string().nullable(),
    actor_name: z.string().nullable(),
    source: z.enum(STEP_SOURCES),
    confidence: z.number().nullable(),
    created_at: z.string(),
    answered_at: z.string().nullable(),
  })
  .openapi('Step');

export const Fact = z
  .object({
    id: z.string(),
    text: z.string(),
    source_step_id: z.string().nullable(),
    created_by: z.string().nullable(),
    created_by_name: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi('Fact');

export const SessionDetail = z
  .object({ session: Session, steps: z.array(Step), facts: z.array(Fact), current_step: orNull(Step) })
  .openapi('SessionDetail');
