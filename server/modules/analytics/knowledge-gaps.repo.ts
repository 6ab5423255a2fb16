import type { Queryable } from '../../db/types';
import type { GapSession } from './knowledge-gaps';

/** The most sessions one report clusters: the newest of the period, which keeps the report quick. */
export const MAX_GAP_SESSIONS = 1000;

/**
 * Sessions of the account created in [from, to] that the knowledge did not cover: escalated, or not
 * resolved (still open, parked, abandoned), with a weak best match at intake (below `weakBelow`, or
 * none recorded). Newest first.
 */
export async function weaklyMatchedSessions(
  tx: Queryable,
  accountId: string,
  w: { from: Date; to: Date; weakBelow: number },
) {
  const { rows } = await tx.query<GapSession>(
    `SELECT id, problem_summary, problem_domain, created_at, best_match, escalated FROM (
       SELECT s.id, s.problem_summary, s.problem_domain, s.created_at, s.best_match, s.status,
              EXISTS (SELECT 1 FROM handoffs h WHERE h.account_id = s.account_id AND h.session_id = s.id
                        AND h.intent = 'escalate') AS escalated
       FROM sessions s
       WHERE s.account_id = $1 AND s.created_at >= $2 AND s.created_at <= $3
         AND (s.best_match IS NULL OR s.best_match < $4)
     ) c
     WHERE c.escalated OR c.status <> 'resolved'
     ORDER BY c.created_at DESC, c.id LIMIT $5`,
    [accountId, w.from, w.to, w.weakBelow, MAX_GAP_SESSIONS],
  );
  return rows;
}
