import { withTenant } from '../../db/tenant';
import { notFound } from '../../lib/app-error';
import { newId } from '../../lib/crypto';
import type { Ctx } from '../context';
import { assertSenior } from '../handoffs/handoffs.permissions';
import * as repo from './baselines.repo';

export type { BaselineRow } from './baselines.repo';

export function recordBaseline(ctx: Ctx, input: { seconds: number; note?: string; measured_at?: string }) {
  assertSenior(ctx.actor);
  const { accountId, id: userId } = ctx.actor;
  return withTenant(ctx.db, accountId, (tx) =>
    repo.insertBaseline(tx, {
      id: newId(),
      accountId,
      userId,
      seconds: input.seconds,
      note: input.note?.trim() || null,
      measuredAt: input.measured_at ? new Date(input.measured_at) : ctx.now,
      now: ctx.now,
    }),
  );
}

/** The caller's own measurements, newest first, with the account's count and median for context. */
export function listBaselines(ctx: Ctx) {
  assertSenior(ctx.actor);
  const { accountId, id: userId } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) => {
    const items = await repo.listUserBaselines(tx, accountId, userId);
    const account = await repo.accountBaselineSummary(tx, accountId);
    return { items, account };
  });
}

export function deleteBaseline(ctx: Ctx, id: string) {
  assertSenior(ctx.actor);
  const { accountId, id: userId } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) => {
    if (!(await repo.deleteUserBaseline(tx, accountId, userId, id))) throw notFound('Measurement');
  });
}
