/**
 * On-call schedule vocabulary (SPEC §15), shared by server and web. Wire shapes come from the API's
 * schemas; these are the constants both sides need.
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const SCHEDULE_LIMITS = {
  maxLayers: 10,
  maxMembers: 50,
  maxRestrictions: 14,
  /** Longest fixed shift: twelve weeks. */
  maxLengthHours: 24 * 7 * 12,
  /** Longest single override. */
  maxOverrideDays: 92,
} as const;

/** How a policy level names a schedule in its `notify` list: `schedule:<uuid>`. */
export const SCHEDULE_TARGET_PREFIX = 'schedule:';
const SCHEDULE_TARGET = /^schedule:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** The schedule id of a `schedule:<uuid>` notify entry, or null for roles and user ids. */
export function scheduleTargetId(notify: string): string | null {
  const m = SCHEDULE_TARGET.exec(notify);
  return m ? m[1]!.toLowerCase() : null;
}

export const scheduleTarget = (scheduleId: string) => `${SCHEDULE_TARGET_PREFIX}${scheduleId}`;
