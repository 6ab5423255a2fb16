import { z } from 'zod';
import { ASSESSMENT_STATUSES } from './handoffs';
import { personSchema, PRIORITIES } from './sessions';

/**
 * The frames of the live stream (GET /api/v1/stream, Server-Sent Events), which the OpenAPI document
 * cannot describe: the event name of each frame and the JSON of its `data:` line. Frames from the
 * event log carry the payload the server appended (without its recipient list), plus `type` and
 * `created_at`; `ready`, `resync` and `reconnect` are the stream's own.
 */

/** The handoff events of the log: senior roles see all of their account's, a tech those of their sessions. */
export const HANDOFF_EVENT_TYPES = [
  'handoff_created',
  'handoff_claimed',
  'handoff_released',
  'handoff_resolved',
  'handoff_assessment_ready',
  'handoff_escalated',
] as const;
export type HandoffEventType = (typeof HANDOFF_EVENT_TYPES)[number];

const logged = <K extends HandoffEventType | 'notification', T extends z.ZodRawShape>(type: K, shape: T) =>
  z.object({ ...shape, type: z.literal(type), created_at: z.string() });

const handoff = { handoff_id: z.string(), session_id: z.string() };

/** What an arrival shows before the queue is fetched again. */
const arrival = {
  ...handoff,
  title: z.string(),
  priority: z.enum(PRIORITIES),
  problem_summary: z.string(),
  ticket: z.string().nullable(),
  handed_off_by: personSchema,
};

export const liveFrameSchemas = {
  /** First frame of every connection: replay starts after `last_event_id`. */
  ready: z.object({ user_id: z.string(), last_event_id: z.number() }),
  handoff_created: logged('handoff_created', { ...arrival, target_user_id: z.string().nullable() }),
  handoff_claimed: logged('handoff_claimed', { ...handoff, claimed_by: personSchema }),
  handoff_released: logged('handoff_released', { ...handoff, released_by: personSchema }),
  handoff_resolved: logged('handoff_resolved', handoff),
  handoff_assessment_ready: logged('handoff_assessment_ready', {
    ...handoff,
    assessment_status: z.enum(ASSESSMENT_STATUSES),
  }),
  /** A stage of the escalation policy fired: the escalation is still unclaimed. */
  handoff_escalated: logged('handoff_escalated', {
    ...arrival,
    policy_level: z.number(),
    stage: z.enum(['level', 'repeat', 'catch_all']),
  }),
  /** A bell notification for the connected user. */
  notification: logged('notification', {
    event: z.string(),
    title: z.string(),
    link: z.string(),
    handoff_id: z.string().nullable(),
  }),
  /** More events were missed than the server replays: refetch everything. */
  resync: z.object({ reason: z.string() }),
  /** The server is shutting down: connect again (to whichever instance takes over). */
  reconnect: z.object({}),
};

export type LiveEventType = keyof typeof liveFrameSchemas;
export const LIVE_EVENT_TYPES = Object.keys(liveFrameSchemas) as LiveEventType[];
export type LiveFrame<T extends LiveEventType = LiveEventType> = z.infer<(typeof liveFrameSchemas)[T]>;
