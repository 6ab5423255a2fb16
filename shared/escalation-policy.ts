/**
 * Escalation policy vocabulary and schedule arithmetic (SPEC §8), shared by server and web.
 *
 * Timing model: `after_minutes` is the wait after the PREVIOUS stage fired (level 0 fires at
 * escalation, so its wait is 0). The ordered stages a handoff walks through are: every level, then
 * `repeat` more firings of the last level (each with the last level's wait), then the catch-all.
 * `handoffs.policy_level` is the index of the last stage that fired; each stage fires at most once.
 */
import type { Priority } from './sessions';

export const POLICY_CHANNELS = ['in_app', 'email', 'slack', 'teams', 'webhook'] as const;
export type PolicyChannel = (typeof POLICY_CHANNELS)[number];

/** Roles a level may name; user ids name individual senior members. */
export const POLICY_ROLES = ['owner', 'admin', 'engineer'] as const;
export type PolicyRole = (typeof POLICY_ROLES)[number];

export type PolicyLevel = {
  after_minutes: number;
  /**
   * Roles (`owner`, `admin`, `engineer`), user ids of active senior members and/or on-call
   * schedules as `schedule:<uuid>` (whoever is on call when the level fires; SPEC §15).
   */
  notify: string[];
  channels: PolicyChannel[];
  /**
   * Round-robin: page ONE of the level's people at a time, in rotation, skipping anyone already
   * holding `max_open_claims` open claims. Absent or null: page them all.
   */
  round_robin?: { max_open_claims: number } | null;
};

export type EscalationPolicy = {
  levels: PolicyLevel[];
  repeat: number;
  catch_all: PolicyLevel | null;
  /** Multiplies every wait of a P1 escalation (0.5 halves them). */
  p1_factor: number;
  /** Minutes a claimer may go without a first action before a reminder; null = off. */
  claim_timeout_minutes: number | null;
};

export const POLICY_LIMITS = {
  maxLevels: 10,
  maxRepeat: 10,
  maxWaitMinutes: 24 * 60,
  maxNotify: 50,
  minP1Factor: 0.1,
  maxP1Factor: 1,
  maxClaimTimeoutMinutes: 24 * 60,
  maxOpenClaims: 100,
} as const;

const ALL_CHANNELS: PolicyChannel[] = [...POLICY_CHANNELS];

/**
 * Applies when an account has not saved a policy: everyone senior at once, admins and owners
 * after 10 minutes, owners 30 minutes after the escalation (20 minutes after level 1).
 */
export const DEFAULT_ESCALATION_POLICY: EscalationPolicy = {
  levels: [
    { after_minutes: 0, notify: ['owner', 'admin', 'engineer'], channels: ALL_CHANNELS },
    { after_minutes: 10, notify: ['admin', 'owner'], channels: ALL_CHANNELS },
  ],
  repeat: 0,
  catch_all: { after_minutes: 20, notify: ['owner'], channels: ALL_CHANNELS },
  p1_factor: 0.5,
  claim_timeout_minutes: null,
};

export type PolicyStage = PolicyLevel & {
  /** Position in the walk; equals `policy_level` once this stage has fired. */
  index: number;
  kind: 'level' | 'repeat' | 'catch_all';
  /** Which configured level this is (for repeats: the last level; -1 for the catch-all). */
  level_index: number;
};

/** The ordered stages of a policy: levels, repeats of the last level, then the catch-all. */
export function policyStages(policy: EscalationPolicy): PolicyStage[] {
  const stages: PolicyStage[] = policy.levels.map((l, i) => ({
    ...l,
    index: i,
    kind: 'level',
    level_index: i,
  }));
  const lastIndex = policy.levels.length - 1;
  const last = policy.levels[lastIndex];
  // Level 0 alone has no wait to repeat with; a repeat of it would fire in a burst.
  if (last && last.after_minutes > 0) {
    for (let r = 0; r < policy.repeat; r++) {
      stages.push({ ...last, index: stages.length, kind: 'repeat', level_index: lastIndex });
    }
  }
  if (policy.catch_all)
    stages.push({ ...policy.catch_all, index: stages.length, kind: 'catch_all', level_index: -1 });
  return stages;
}

/** The wait before a stage, in milliseconds, after P1 shortening. */
export function stageWaitMs(
  policy: EscalationPolicy,
  stage: Pick<PolicyLevel, 'after_minutes'>,
  priority: Priority,
): number {
  const factor = priority === 'p1' ? policy.p1_factor : 1;
  return Math.round(stage.after_minutes * 60_000 * factor);
}

/** The claim-timeout wait in milliseconds (P1 shortened), or null when the policy has none. */
export function claimTimeoutMs(policy: EscalationPolicy, priority: Priority): number | null {
  if (policy.claim_timeout_minutes == null) return null;
  return stageWaitMs(policy, { after_minutes: policy.claim_timeout_minutes }, priority);
}

/** When the stage after `lastFired` is due, counting from `from`; null when the policy is exhausted. */
export function nextFireAt(
  policy: EscalationPolicy,
  lastFired: number,
  priority: Priority,
  from: Date,
): Date | null {
  const next = policyStages(policy)[lastFired + 1];
  return next ? new Date(from.getTime() + stageWaitMs(policy, next, priority)) : null;
}

/** Minutes after escalation at which each stage fires if nobody claims (for summaries and the UI). */
export function stageOffsets(policy: EscalationPolicy, priority: Priority): number[] {
  let total = 0;
  return policyStages(policy).map((s) => {
    total += stageWaitMs(policy, s, priority) / 60_000;
    return Math.round(total * 100) / 100;
  });
}

export const isPolicyRole = (v: string): v is PolicyRole => (POLICY_ROLES as readonly string[]).includes(v);
