import type { Queryable } from '../../db/types';
import type { Layer } from './on-call';

export type ScheduleRow = {
  id: string;
  account_id: string;
  name: string;
  time_zone: string;
  layers: Layer[];
  calendar_token_hash: string | null;
  created_at: Date;
  updated_at: Date;
};

export type OverrideRow = {
  id: string;
  schedule_id: string;
  user_id: string;
  user_name: string;
  starts_at: Date;
  ends_at: Date;
  created_at: Date;
};

const COLUMNS = `id, account_id, name, time_zone, layers, calendar_token_hash, created_at, updated_at`;

export async function listSchedules(tx: Queryable, accountId: string) {
  const { rows } = await tx.query<ScheduleRow>(
    `SELECT ${COLUMNS} FROM schedules WHERE account_id = $1 ORDER BY name, id LIMIT 500`,
    [accountId],
  );
  return rows;
}

export async function findSchedule(tx: Queryable, accountId: string, id: string) {
  const { rows } = await tx.query<ScheduleRow>(
    `SELECT ${COLUMNS} FROM schedules WHERE account_id = $1 AND id = $2`,
    [accountId, id],
  );
  return rows[0];
}

export async function findSchedules(tx: Queryable, accountId: string, ids: string[]) {
  if (ids.length === 0) return [];
  const { rows } = await tx.query<ScheduleRow>(
    `SELECT ${COLUMNS} FROM schedules WHERE account_id = $1 AND id = ANY($2::uuid[])`,
    [accountId, ids],
  );
  return rows;
}

type ScheduleWrite = { name: string; time_zone: string; layers: Layer[] };

export async function insertSchedule(
  tx: Queryable,
  accountId: string,
  id: string,
  s: ScheduleWrite,
  userId: string,
  now: Date,
) {
  await tx.query(
    `INSERT INTO schedules (id, account_id, name, time_zone, layers, created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
    [id, accountId, s.name, s.time_zone, JSON.stringify(s.layers), userId, now],
  );
}

export async function updateSchedule(
  tx: Queryable,
  accountId: string,
  id: string,
  s: ScheduleWrite,
  now: Date,
) {
  const { rowCount } = await tx.query(
    `UPDATE schedules SET name = $3, time_zone = $4, layers = $5, updated_at = $6 WHERE account_id = $1 AND id = $2`,
    [accountId, id, s.name, s.time_zone, JSON.stringify(s.layers), now],
  );
  return rowCount === 1;
}

export async function deleteSchedule(tx: Queryable, accountId: string, id: string) {
  const { rowCount } = await tx.query(`DELETE FROM schedules WHERE account_id = $1 AND id = $2`, [
    accountId,
    id,
  ]);
  return rowCount === 1;
}

export async function setCalendarTokenHash(tx: Queryable, accountId: string, id: string, hash: string) {
  const { rowCount } = await tx.query(
    `UPDATE schedules SET calendar_token_hash = $3 WHERE account_id = $1 AND id = $2`,
    [accountId, id, hash],
  );
  return rowCount === 1;
}

/** System path for the public calendar feed: which account a schedule is in and its feed's token hash. */
export async function findFeedOwner(q: Queryable, id: string) {
  const { rows } = await q.query<{ account_id: string; calendar_token_hash: string | null }>(
    `SELECT account_id, calendar_token_hash FROM schedules WHERE id = $1`,
    [id],
  );
  return rows[0];
}

/** Overrides of the given schedules that overlap [from, to), oldest first (a later one wins). */
export async function overridesInWindow(
  tx: Queryable,
  accountId: string,
  scheduleIds: string[],
  from: Date,
  to: Date,
) {
  if (scheduleIds.length === 0) return [];
  const { rows } = await tx.query<OverrideRow>(
    `SELECT o.id, o.schedule_id, o.user_id, u.name AS user_name, o.starts_at, o.ends_at, o.created_at
     FROM schedule_overrides o JOIN users u ON u.id = o.user_id
     WHERE o.account_id = $1 AND o.schedule_id = ANY($2::uuid[]) AND o.ends_at > $3 AND o.starts_at < $4
     ORDER BY o.created_at, o.id`,
    [accountId, scheduleIds, from, to],
  );
  return rows;
}

/**
 * A schedule's version: it changes with every write of the row. `xmin` is the id of the transaction
 * that wrote this version of the row (each UPDATE writes a new one); `updated_at` is added so that
 * even a transaction id reused after wrap-around cannot make two versions look the same.
 */
const VERSION = `s.xmin::text || '@' || extract(epoch FROM s.updated_at)::text`;

/** Whether a user may be on call: an active engineer, admin or owner. */
const SENIOR_ACTIVE = `(u.role IN ('owner', 'admin', 'engineer') AND u.is_active AND u.deleted_at IS NULL)`;

/** What resolving needs of the schedule itself: its zone and layers, and the version they are of. */
export type ScheduleDefinition = { id: string; time_zone: string; layers: Layer[]; version: string };

export async function findScheduleDefinition(tx: Queryable, accountId: string, id: string) {
  const { rows } = await tx.query<ScheduleDefinition>(
    `SELECT s.id, s.time_zone, s.layers, ${VERSION} AS version FROM schedules s
     WHERE s.account_id = $1 AND s.id = $2`,
    [accountId, id],
  );
  return rows[0];
}

type ResolutionRow = {
  version: string;
  id: string | null;
  name: string | null;
  senior_active: boolean | null;
  override_id: string | null;
  starts_at: Date | null;
  ends_at: Date | null;
};

/**
 * What resolving one schedule over [from, to) reads, in one statement (on the embedded database each
 * statement has a fixed cost of a few tenths of a millisecond): the schedule's current version, its
 * overrides overlapping the window, oldest first (a later one wins), and the people it may name —
 * the given layer members and the overrides' users — with whether each may still be on call.
 * Undefined when the schedule is not there (deleted, or not this account's).
 */
export async function resolutionInputs(
  tx: Queryable,
  accountId: string,
  scheduleId: string,
  memberIds: string[],
  from: Date,
  to: Date,
) {
  const { rows } = await tx.query<ResolutionRow>(
    // The overrides with their users, then the layer members (a member with an override comes twice:
    // harmless). A lateral UNION ALL on the schedule row plans faster on the embedded database than
    // one CTE read twice and de-duplicated, and users are still reached only by the overrides' and
    // the members' ids (a large account's users are not all read to answer one schedule).
    `SELECT ${VERSION} AS version, x.id, x.name, x.senior_active, x.override_id, x.starts_at, x.ends_at
     FROM schedules s LEFT JOIN LATERAL (
       SELECT u.id, u.name, ${SENIOR_ACTIVE} AS senior_active, o.id AS override_id, o.starts_at, o.ends_at, o.created_at
       FROM schedule_overrides o JOIN users u ON u.id = o.user_id AND u.account_id = $1
       WHERE o.account_id = $1 AND o.schedule_id = $2 AND o.ends_at > $3 AND o.starts_at < $4
       UNION ALL
       SELECT u.id, u.name, ${SENIOR_ACTIVE}, NULL, NULL, NULL, NULL
       FROM users u WHERE u.account_id = $1 AND u.id = ANY($5::uuid[])
     ) x ON true
     WHERE s.account_id = $1 AND s.id = $2
     ORDER BY x.created_at, x.override_id`,
    [accountId, scheduleId, from, to, memberIds],
  );
  if (rows.length === 0) return undefined;
  const people = new Map<string, Person>();
  const overrides: { user_id: string; starts_at: Date; ends_at: Date }[] = [];
  for (const r of rows) {
    // A schedule with nobody to name still gives one row: its version, and nulls.
    if (r.id === null) continue;
    people.set(r.id, { id: r.id, name: r.name!, senior_active: r.senior_active === true });
    if (r.override_id) overrides.push({ user_id: r.id, starts_at: r.starts_at!, ends_at: r.ends_at! });
  }
  return { version: rows[0]!.version, overrides, people };
}

export async function insertOverride(
  tx: Queryable,
  o: {
    id: string;
    accountId: string;
    scheduleId: string;
    userId: string;
    start: Date;
    end: Date;
    by: string;
    now: Date;
  },
) {
  await tx.query(
    `INSERT INTO schedule_overrides (id, account_id, schedule_id, user_id, starts_at, ends_at, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [o.id, o.accountId, o.scheduleId, o.userId, o.start, o.end, o.by, o.now],
  );
}

export async function deleteOverride(tx: Queryable, accountId: string, scheduleId: string, id: string) {
  const { rowCount } = await tx.query(
    `DELETE FROM schedule_overrides WHERE account_id = $1 AND schedule_id = $2 AND id = $3`,
    [accountId, scheduleId, id],
  );
  return rowCount === 1;
}

export type Person = { id: string; name: string; senior_active: boolean };

/** Names of the given members, and whether each is still an active senior (who may be on call). */
export async function people(tx: Queryable, accountId: string, ids: string[]) {
  if (ids.length === 0) return new Map<string, Person>();
  const { rows } = await tx.query<Person>(
    `SELECT id, name, (role IN ('owner', 'admin', 'engineer') AND is_active AND deleted_at IS NULL) AS senior_active
     FROM users WHERE account_id = $1 AND id = ANY($2::uuid[])`,
    [accountId, ids],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/** Whether the account's saved escalation policy names this schedule. */
export async function policyNamesSchedule(tx: Queryable, accountId: string, scheduleId: string) {
  const { rows } = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM escalation_policies
     WHERE account_id = $1 AND (levels::text LIKE $2 OR coalesce(catch_all::text, '') LIKE $2)`,
    [accountId, `%schedule:${scheduleId}%`],
  );
  return (rows[0]?.n ?? 0) > 0;
}
