import { withTenant } from '../../db/tenant';
import { notFound } from '../../http/errors';
import { newId } from '../../lib/crypto';
import type { Ctx } from '../context';
import { assertSenior } from '../handoffs/handoffs.policy';

/** A stopwatch timing of one verbal handoff ("tell me what you tried"), the manual baseline. */
export type BaselineRow = {
  id: string;
  user_id: string;
  seconds: number;
  note: string | null;
  measured_at: Date;
  created_at: Date;
};

const COLUMNS = 'id, user_id, seconds, note, measured_at, created_at';

export function recordBaseline(ctx: Ctx, input: { seconds: number; note?: string; measured_at?: string }) {
  assertSenior(ctx.actor);
  const { accountId, id: userId } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) => {
    const { rows } = await tx.query<BaselineRow>(
      `INSERT INTO baseline_measurements (id, account_id, user_id, seconds, note, measured_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [
        newId(),
        accountId,
        userId,
        input.seconds,
        input.note?.trim() || null,
        input.measured_at ? new Date(input.measured_at) : ctx.now,
        ctx.now,
      ],
    );
    return rows[0]!;
  });
}

/** The caller's own measurements, newest first, with the account's count and median for context. */
export function listBaselines(ctx: Ctx) {
  assertSenior(ctx.actor);
  const { accountId, id: userId } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) => {
    const mine = await tx.query<BaselineRow>(
      `SELECT ${COLUMNS} FROM baseline_measurements WHERE account_id = $1 AND user_id = $2 ORDER BY measured_at DESC LIMIT 500`,
      [accountId, userId],
    );
    const summary = await tx.query<{ n: number; median: number | null }>(
      `SELECT count(*) AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS median FROM baseline_measurements WHERE account_id = $1`,
      [accountId],
    );
    return { items: mine.rows, account: summary.rows[0]! };
  });
}

export function deleteBaseline(ctx: Ctx, id: string) {
  assertSenior(ctx.actor);
  const { accountId, id: userId } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) => {
    const { rowCount } = await tx.query(
      `DELETE FROM baseline_measurements WHERE account_id = $1 AND user_id = $2 AND id = $3 RETURNING id`,
      [accountId, userId, id],
    );
    if (rowCount !== 1) throw notFound('Measurement');
  });
}
