import type { EscalationPolicy, PolicyChannel, PolicyLevel } from '../../../../../shared/escalation-policy';
import { ApiError } from '../../../api/client';

/** Form state: numbers stay text while typed, so a half-typed field is not coerced to 0. */
export type LevelDraft = {
  after: string;
  notify: string[];
  channels: PolicyChannel[];
  /** Round-robin's open-claim limit as typed; '' = page everyone on the level. */
  roundRobin: string;
};

export type PolicyDraft = {
  levels: LevelDraft[];
  repeat: string;
  catchAllOn: boolean;
  catchAll: LevelDraft;
  /** P1 waits as a percentage of the normal wait (the API's p1_factor × 100). */
  p1Percent: string;
  claimTimeoutOn: boolean;
  claimTimeout: string;
};

const levelDraft = (l: PolicyLevel): LevelDraft => ({
  after: String(l.after_minutes),
  notify: [...l.notify],
  channels: [...l.channels],
  roundRobin: l.round_robin ? String(l.round_robin.max_open_claims) : '',
});

export const emptyLevel = (after = '10'): LevelDraft => ({
  after,
  notify: ['admin', 'owner'],
  channels: ['in_app', 'email'],
  roundRobin: '',
});

export function toDraft(p: EscalationPolicy): PolicyDraft {
  return {
    levels: p.levels.map(levelDraft),
    repeat: String(p.repeat),
    catchAllOn: p.catch_all !== null,
    catchAll: p.catch_all ? levelDraft(p.catch_all) : emptyLevel('30'),
    p1Percent: String(Math.round(p.p1_factor * 100)),
    claimTimeoutOn: p.claim_timeout_minutes !== null,
    claimTimeout: String(p.claim_timeout_minutes ?? 15),
  };
}

// Blank or non-numeric text is sent as NaN → null, so the server names the field instead of guessing.
const num = (text: string) => {
  const n = Number(text.trim());
  return text.trim() === '' || !Number.isFinite(n) ? Number.NaN : n;
};

const levelOut = (l: LevelDraft, index: number): PolicyLevel => ({
  after_minutes: index === 0 ? 0 : num(l.after),
  notify: l.notify,
  channels: l.channels,
  ...(l.roundRobin !== '' ? { round_robin: { max_open_claims: num(l.roundRobin) } } : {}),
});

export function fromDraft(d: PolicyDraft): EscalationPolicy {
  return {
    levels: d.levels.map(levelOut),
    repeat: num(d.repeat),
    catch_all: d.catchAllOn ? levelOut(d.catchAll, 1) : null,
    p1_factor: num(d.p1Percent) / 100,
    claim_timeout_minutes: d.claimTimeoutOn ? num(d.claimTimeout) : null,
  };
}

/** True when every number in the draft is a number, so the schedule preview can be drawn. */
export function isComplete(p: EscalationPolicy) {
  const nums = [
    p.repeat,
    p.p1_factor,
    ...p.levels.map((l) => l.after_minutes),
    p.catch_all?.after_minutes ?? 0,
  ];
  return nums.every((n) => Number.isFinite(n));
}

/** Server validation messages by field path (`levels.1.after_minutes`, `catch_all.notify.0`, `repeat`). */
export function errorsByPath(error: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return out;
  for (const d of error.details as { path?: unknown; message?: unknown }[]) {
    if (typeof d?.path === 'string' && typeof d.message === 'string' && !out.has(d.path))
      out.set(d.path, d.message);
  }
  return out;
}

/** The first message for a path or anything below it (e.g. `levels.1.notify` covers `levels.1.notify.0`). */
export function errorUnder(errors: Map<string, string>, prefix: string): string | null {
  for (const [path, message] of errors) if (path === prefix || path.startsWith(`${prefix}.`)) return message;
  return null;
}
