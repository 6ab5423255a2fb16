import { withTenant } from '../../db/tenant';
import type { Ctx } from '../context';
import { assertSenior } from '../handoffs/handoffs.permissions';
import { WEAK_MATCH } from '../knowledge/weak-match';
import { type Period, windowFor } from './analytics.service';
import { knowledgeGaps } from './knowledge-gaps';
import { weaklyMatchedSessions } from './knowledge-gaps.repo';

/** What to write next: clusters of the period's weakly matched sessions (same roles as the metrics). */
export async function knowledgeGapsReport(ctx: Ctx, period: Period) {
  assertSenior(ctx.actor);
  const { accountId } = ctx.actor;
  const w = windowFor(period, ctx.now);
  const sessions = await withTenant(ctx.db, accountId, (tx) =>
    weaklyMatchedSessions(tx, accountId, { ...w, weakBelow: WEAK_MATCH }),
  );
  return {
    period,
    from: w.from.toISOString(),
    to: w.to.toISOString(),
    weak_match_below: WEAK_MATCH,
    items: knowledgeGaps(
      sessions.map((s) => ({ ...s, best_match: s.best_match === null ? null : Number(s.best_match) })),
    ),
  };
}
