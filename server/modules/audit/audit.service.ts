import { withTenant } from '../../db/tenant';
import { badRequest } from '../../lib/app-error';
import { csvDocument } from '../../lib/csv';
import type { Ctx } from '../context';
import { redactDetails } from './audit-details';
import { assertMayReadAuditLog } from './audit.permissions';
import * as repo from './audit.repo';

/** The filters of GET /audit-log and its CSV, as the route hands them over (already shape-checked). */
export type AuditQuery = {
  action?: string;
  actor?: string;
  target_type?: string;
  /** `YYYY-MM-DD` (start of that UTC day) or a date-time; inclusive. */
  from?: string;
  /** `YYYY-MM-DD` (the whole UTC day is included) or a date-time (inclusive). */
  to?: string;
};

export const MAX_PAGE = 200;
export const CSV_MAX_ROWS = 10_000;

const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const EARLIEST = new Date('1970-01-01T00:00:00.000Z');
const LATEST = new Date('9999-12-31T23:59:59.999Z');

function parseBound(value: string, name: string, end: boolean): Date {
  const dateOnly = DATE_ONLY.test(value);
  const d = new Date(dateOnly ? `${value}T00:00:00.000Z` : value);
  // Date() rolls 2026-02-30 over into March; such a day does not exist, so it is refused.
  if (Number.isNaN(d.getTime()) || (dateOnly && d.toISOString().slice(0, 10) !== value)) {
    throw badRequest(`${name} is not a valid date: ${value}`);
  }
  // Years every database driver writes alike; the log holds nothing older than the product anyway.
  if (d < EARLIEST || d > LATEST) throw badRequest(`${name} must lie between the years 1970 and 9999`);
  // `to` is inclusive: a date covers its whole day, a date-time its own millisecond.
  if (end) return new Date(Math.min(d.getTime() + (dateOnly ? DAY_MS : 1), LATEST.getTime()));
  return d;
}

function filterOf(ctx: Ctx, q: AuditQuery): repo.AuditFilter {
  const from = q.from === undefined ? undefined : parseBound(q.from, 'from', false);
  const before = q.to === undefined ? undefined : parseBound(q.to, 'to', true);
  if (from && before && from >= before) throw badRequest('from must not be later than to');
  return {
    accountId: ctx.actor.accountId,
    action: q.action,
    actorUserId: q.actor,
    targetType: q.target_type,
    from,
    before,
  };
}

/** One entry as the API and the export show it; details are masked (audit-details.ts). */
export function presentEntry(r: repo.AuditRow) {
  return {
    id: r.id,
    created_at: r.created_at.toISOString(),
    action: r.action,
    actor: r.actor_user_id
      ? { id: r.actor_user_id, name: r.actor_name ?? '(removed member)', email: r.actor_email ?? '' }
      : null,
    target_type: r.target_type,
    target_id: r.target_id,
    details: redactDetails(r.details),
  };
}

/** A page of the account's audit log, newest first; `next_cursor` is null on the last page. */
export async function listAuditLog(ctx: Ctx, q: AuditQuery & { limit: number; cursor?: string }) {
  assertMayReadAuditLog(ctx.actor.role);
  const filter = filterOf(ctx, q);
  const limit = Math.min(Math.max(1, q.limit), MAX_PAGE);
  // One row more than asked tells whether another page exists without a count.
  const rows = await withTenant(ctx.db, filter.accountId, (tx) =>
    repo.listAudit(tx, filter, { limit: limit + 1, afterId: q.cursor }),
  );
  const page = rows.slice(0, limit);
  return {
    items: page.map(presentEntry),
    next_cursor: rows.length > limit ? page[page.length - 1]!.id : null,
  };
}

const CSV_COLUMNS = [
  'id',
  'created_at',
  'action',
  'actor_id',
  'actor_name',
  'actor_email',
  'target_type',
  'target_id',
  'details',
];

/**
 * The filtered log as CSV, newest first, at most CSV_MAX_ROWS entries. When the cap cuts it short,
 * a last line says so (and `truncated` lets the route set a header), so a file is never silently
 * incomplete. Cells go through server/lib/csv.ts, which quotes separators and defuses formulas.
 */
export async function auditLogCsv(ctx: Ctx, q: AuditQuery) {
  assertMayReadAuditLog(ctx.actor.role);
  const filter = filterOf(ctx, q);
  const rows = await withTenant(ctx.db, filter.accountId, (tx) =>
    repo.listAudit(tx, filter, { limit: CSV_MAX_ROWS + 1 }),
  );
  const truncated = rows.length > CSV_MAX_ROWS;
  const lines: unknown[][] = rows.slice(0, CSV_MAX_ROWS).map((r) => {
    const e = presentEntry(r);
    return [
      e.id,
      e.created_at,
      e.action,
      e.actor?.id,
      e.actor?.name,
      e.actor?.email,
      e.target_type,
      e.target_id,
      JSON.stringify(e.details),
    ];
  });
  if (truncated) {
    lines.push([
      '',
      '',
      `(export stopped after ${CSV_MAX_ROWS} entries; narrow the dates or filters for older ones)`,
    ]);
  }
  return { csv: csvDocument(CSV_COLUMNS, lines), truncated, rows: Math.min(rows.length, CSV_MAX_ROWS) };
}
