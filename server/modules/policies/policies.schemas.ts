import { z } from '@hono/zod-openapi';
import { isPolicyRole, POLICY_CHANNELS, POLICY_LIMITS } from '../../../shared/escalation-policy';
import { scheduleTargetId } from '../../../shared/schedules';

const L = POLICY_LIMITS;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const NotifyTarget = z
  .string()
  .refine(
    (v) => isPolicyRole(v) || UUID.test(v) || scheduleTargetId(v) !== null,
    'must be owner, admin, engineer, the id of a member or schedule:<schedule id>',
  )
  .transform((v) => v.toLowerCase());

const unique = <T>(items: T[]) => [...new Set(items)];

/** Page one of the level's people at a time, skipping anyone holding this many open claims. */
const RoundRobin = z.object({ max_open_claims: z.number().int().min(1).max(L.maxOpenClaims) });

const Level = z.object({
  after_minutes: z.number().int().min(0).max(L.maxWaitMinutes),
  notify: z
    .array(NotifyTarget)
    .min(1, 'name at least one role or member to notify')
    .max(L.maxNotify)
    .transform(unique),
  channels: z.array(z.enum(POLICY_CHANNELS)).min(1, 'pick at least one channel').transform(unique),
  round_robin: RoundRobin.nullable().optional(),
});

export const PolicyBody = z
  .object({
    levels: z.array(Level).min(1).max(L.maxLevels),
    repeat: z.number().int().min(0).max(L.maxRepeat),
    catch_all: Level.nullable(),
    p1_factor: z.number().min(L.minP1Factor).max(L.maxP1Factor),
    claim_timeout_minutes: z.number().int().min(1).max(L.maxClaimTimeoutMinutes).nullable(),
  })
  .superRefine((p, ctx) => {
    if (p.levels[0] && p.levels[0].after_minutes !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['levels', 0, 'after_minutes'],
        message: 'level 0 fires at escalation: its wait must be 0',
      });
    }
    p.levels.forEach((l, i) => {
      if (i > 0 && l.after_minutes < 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['levels', i, 'after_minutes'],
          message: 'a later level must wait at least 1 minute',
        });
      }
    });
    if (p.catch_all && p.catch_all.after_minutes < 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['catch_all', 'after_minutes'],
        message: 'the catch-all must wait at least 1 minute',
      });
    }
    if (p.repeat > 0 && p.levels.length < 2) {
      ctx.addIssue({
        code: 'custom',
        path: ['repeat'],
        message: 'repeating needs a level after level 0 to repeat',
      });
    }
  })
  .openapi('EscalationPolicyInput');

const LevelOut = z.object({
  after_minutes: z.number(),
  notify: z.array(z.string()),
  channels: z.array(z.enum(POLICY_CHANNELS)),
  round_robin: z.object({ max_open_claims: z.number() }).nullable().optional(),
});

export const PolicyResponse = z
  .object({
    policy: z.object({
      levels: z.array(LevelOut),
      repeat: z.number(),
      catch_all: LevelOut.nullable(),
      p1_factor: z.number(),
      claim_timeout_minutes: z.number().nullable(),
      /** True while the account runs on the built-in default (nothing saved yet). */
      is_default: z.boolean(),
      updated_at: z.string().nullable(),
      updated_by: z.object({ id: z.string(), name: z.string() }).nullable(),
    }),
  })
  .openapi('EscalationPolicy');
