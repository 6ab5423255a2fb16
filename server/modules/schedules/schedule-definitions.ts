/**
 * A per-process memo of schedules' definitions (zone and layers, with their members), so the
 * who-is-on-call read need not fetch and parse the schedule on every call: on the embedded database
 * that statement alone was about a quarter of the answer's time.
 *
 * Never trusted blindly: every use is checked against the schedule's version, which comes back with
 * the same statement that reads the overrides and the people (see `resolutionInputs`), so a schedule
 * edited by another process (several servers on one PostgreSQL), deleted, or moved on is noticed on
 * the spot and read again. Only the schedule's own row is memoised; who may still be on call (a senior
 * deactivated or demoted) and the overrides are read fresh on every call. Keyed by account as well as
 * schedule, and a hit still needs the version row, which row-level security only shows to the account.
 */
import type { Queryable } from '../../db/types';
import type { ScheduleSpec } from './on-call';
import * as repo from './schedules.repo';

export type Definition = {
  id: string;
  version: string;
  spec: ScheduleSpec;
  /** Everyone on any layer, once each. */
  members: string[];
};

/** Enough for every schedule of a large install; beyond it the least recently used are dropped. */
const MAX_ENTRIES = 2_000;
const memo = new Map<string, Definition>();
const keyOf = (accountId: string, id: string) => `${accountId}/${id}`;

/** The memoised definition, possibly stale: check its `version` before relying on it. */
export function cachedDefinition(accountId: string, id: string): Definition | undefined {
  const key = keyOf(accountId, id);
  const hit = memo.get(key);
  if (hit) {
    // Most recently used last, so the first key is the one to drop.
    memo.delete(key);
    memo.set(key, hit);
  }
  return hit;
}

/** Reads the schedule's definition and memoises it; undefined when the schedule is not there. */
export async function loadDefinition(
  tx: Queryable,
  accountId: string,
  id: string,
): Promise<Definition | undefined> {
  const key = keyOf(accountId, id);
  const row = await repo.findScheduleDefinition(tx, accountId, id);
  if (!row) {
    memo.delete(key);
    return undefined;
  }
  const def: Definition = {
    id: row.id,
    version: row.version,
    spec: { time_zone: row.time_zone, layers: row.layers },
    members: [...new Set(row.layers.flatMap((l) => l.members))],
  };
  memo.delete(key);
  memo.set(key, def);
  if (memo.size > MAX_ENTRIES) memo.delete(memo.keys().next().value!);
  return def;
}

/** Drops every memoised definition (tests). */
export function forgetDefinitions() {
  memo.clear();
}
