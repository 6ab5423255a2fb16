/**
 * Who a policy stage pages at the moment it fires, and why (SPEC §8, §15). Resolved in the firing's
 * transaction, before the notify stage: roles and named members as before, plus whoever is on call
 * NOW on each schedule the level names; optionally narrowed to one person by round-robin. The
 * answer is recorded on the handoff (`paged`) so the queue card and handoff screen can say
 * "Paged: Sam Senior (on call, Primary)".
 */
import { isPolicyRole, type PolicyLevel } from '../../../shared/escalation-policy';
import { scheduleTargetId } from '../../../shared/schedules';
import type { Queryable } from '../../db/types';
import type { Recipient } from '../handoffs/handoffs.repo';
import { onCallNow } from '../schedules/on-call-now';
import * as rr from './round-robin.repo';

export type PagedReason = 'target' | 'member' | 'role' | 'on_call' | 'round_robin' | 'everyone';

/** One person a stage paged; `schedule` and `layer` say which on-call slot put them there. */
export type PagedEntry = {
  id: string;
  name: string;
  reason: PagedReason;
  schedule: { id: string; name: string } | null;
  /** The layer's name, or "override" when an override covered the moment. */
  layer: string | null;
};

function entry(r: Recipient, reason: PagedReason, extra: Partial<PagedEntry> = {}): PagedEntry {
  return { id: r.id, name: r.name, reason, schedule: null, layer: null, ...extra };
}

export type LevelTargets = { recipients: Recipient[]; paged: PagedEntry[] };

/** The escalator's chosen target, paged alone at level 0. */
export const targetPaged = (r: Recipient): PagedEntry => entry(r, 'target');

/**
 * The stage's recipients among `seniors` (the escalation's possible recipients: active seniors,
 * never the escalator). When nobody named can be reached — nobody on call, everyone deactivated —
 * the catch-all is every senior, as before: an escalation never goes out to nobody.
 * `rotationKey` names the round-robin rotation (one per configured level).
 */
export async function resolveLevelTargets(
  tx: Queryable,
  accountId: string,
  seniors: Recipient[],
  level: Pick<PolicyLevel, 'notify' | 'round_robin'>,
  rotationKey: string,
  now: Date,
): Promise<LevelTargets> {
  const byId = new Map(seniors.map((s) => [s.id, s]));
  const picked = new Map<string, PagedEntry>();
  const roles = new Set(level.notify.filter(isPolicyRole));
  for (const s of seniors) if (roles.has(s.role as never)) picked.set(s.id, entry(s, 'role'));
  for (const n of level.notify) {
    const s = byId.get(n);
    if (s && !picked.has(s.id)) picked.set(s.id, entry(s, 'member'));
  }
  const scheduleIds = level.notify.flatMap((n) => scheduleTargetId(n) ?? []);
  if (scheduleIds.length > 0) {
    const onCall = await onCallNow(tx, accountId, scheduleIds, now, (id) => byId.has(id));
    for (const id of scheduleIds) {
      const oc = onCall.get(id);
      const s = oc?.user_id ? byId.get(oc.user_id) : undefined;
      if (!oc || !s) continue;
      const layer = oc.source?.kind === 'override' ? 'override' : (oc.source?.layer_name ?? null);
      // On call outranks a role match: it is the more useful reason to show.
      const known = picked.get(s.id);
      if (!known || known.reason === 'role')
        picked.set(s.id, entry(s, 'on_call', { schedule: oc.schedule, layer }));
    }
  }
  let paged = [...picked.values()];
  if (paged.length === 0) paged = seniors.map((s) => entry(s, 'everyone'));
  if (level.round_robin && paged.length > 0) {
    const one = await nextInRotation(
      tx,
      accountId,
      paged,
      level.round_robin.max_open_claims,
      rotationKey,
      now,
    );
    paged = one ? [one] : seniors.map((s) => entry(s, 'everyone'));
  }
  return { recipients: paged.map((p) => byId.get(p.id)!), paged };
}

/**
 * The next candidate after the one paged last (by name, then id, so the order is stable while the
 * team changes), skipping anyone already holding `maxOpenClaims` open claims. Null when everyone
 * is that busy.
 */
async function nextInRotation(
  tx: Queryable,
  accountId: string,
  candidates: PagedEntry[],
  maxOpenClaims: number,
  key: string,
  now: Date,
): Promise<PagedEntry | null> {
  const ordered = [...candidates].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const last = await rr.lockCursor(tx, accountId, key);
  const claims = await rr.openClaims(
    tx,
    accountId,
    ordered.map((c) => c.id),
  );
  const lastAt = last ? ordered.findIndex((c) => c.id === last) : -1;
  for (let i = 1; i <= ordered.length; i++) {
    const c = ordered[(lastAt + i + ordered.length) % ordered.length]!;
    if ((claims.get(c.id) ?? 0) >= maxOpenClaims) continue;
    await rr.moveCursor(tx, accountId, key, c.id, now);
    return { ...c, reason: c.reason === 'on_call' ? 'on_call' : 'round_robin' };
  }
  return null;
}
