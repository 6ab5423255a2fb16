import type { Queryable } from '../../db/types';
import { WEAK_MATCH } from './weak-match';

export type ProposalStatus = 'pending' | 'approved' | 'dismissed';
export type ProposalKind = 'article' | 'runbook';

export type ProposalRow = {
  id: string;
  session_id: string;
  kind: ProposalKind;
  title: string;
  body: string | null;
  runbook: Record<string, unknown> | null;
  tags: string[];
  source_session_ids: string[];
  status: ProposalStatus;
  result_kind: ProposalKind | null;
  result_id: string | null;
  decided_by: { id: string; name: string } | null;
  decided_at: Date | null;
  created_at: Date;
};

const SELECT = `
  SELECT p.id, p.session_id, p.kind, p.title, p.body, p.runbook, p.tags, p.source_session_ids, p.status,
         p.result_kind, p.result_id, p.decided_at, p.created_at,
         CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('id', u.id, 'name', u.name) END AS decided_by
  FROM knowledge_proposals p LEFT JOIN users u ON u.id = p.decided_by`;

/**
 * Which resolved sessions deserve a proposal, as SQL over `sessions s`:
 * - it was escalated and a senior claimed it (the senior knew something the assistant did not), or
 * - no knowledge item covered it: its best match at intake was weak (below WEAK_MATCH, or not
 *   recorded), or the fix that worked was not one the assistant proposed (no suggestion or likely
 *   cause was answered "This fixed it").
 * So a session stays out only when the intake matched well AND the assistant's own fix worked.
 */
const QUALIFIES = `(
  EXISTS (SELECT 1 FROM handoffs h WHERE h.account_id = s.account_id AND h.session_id = s.id
            AND h.intent = 'escalate' AND h.claimed_by IS NOT NULL)
  OR s.best_match IS NULL OR s.best_match < ${WEAK_MATCH}
  OR NOT EXISTS (SELECT 1 FROM session_steps st WHERE st.account_id = s.account_id AND st.session_id = s.id
            AND st.source = 'assistant' AND (st.answer->>'option' = 'fixed' OR st.answer->>'option' LIKE 'fixed:%'))
)`;

/**
 * Cross-account (the drafting worker, through asSystem): resolved sessions since `since` that qualify
 * and have no proposal yet, oldest first. `skip` leaves out sessions whose drafting failed this run.
 */
export async function findSessionsToDraft(q: Queryable, since: Date, skip: string[], limit: number) {
  const { rows } = await q.query<{ account_id: string; id: string }>(
    `SELECT s.account_id, s.id FROM sessions s
     WHERE s.status = 'resolved' AND s.resolved_at >= $1 AND NOT (s.id = ANY($2::uuid[]))
       AND NOT EXISTS (SELECT 1 FROM knowledge_proposals p WHERE p.account_id = s.account_id AND p.session_id = s.id)
       AND ${QUALIFIES}
     ORDER BY s.resolved_at, s.id LIMIT $3`,
    [since, skip, limit],
  );
  return rows;
}

/** The same rule for one session, read in its tenant transaction right before drafting. */
export async function qualifies(tx: Queryable, accountId: string, sessionId: string) {
  const { rowCount } = await tx.query(
    `SELECT 1 FROM sessions s WHERE s.account_id = $1 AND s.id = $2 AND s.status = 'resolved' AND ${QUALIFIES}`,
    [accountId, sessionId],
  );
  return rowCount === 1;
}

/** The claim that counts: the latest escalation of the session a senior still held. */
export async function findClaim(tx: Queryable, accountId: string, sessionId: string) {
  const { rows } = await tx.query<{ user_id: string; name: string; claimed_at: Date }>(
    `SELECT h.claimed_by AS user_id, u.name, h.claimed_at FROM handoffs h JOIN users u ON u.id = h.claimed_by
     WHERE h.account_id = $1 AND h.session_id = $2 AND h.intent = 'escalate' AND h.claimed_by IS NOT NULL
     ORDER BY h.claimed_at DESC LIMIT 1`,
    [accountId, sessionId],
  );
  return rows[0] ?? null;
}

export type NewProposal = {
  id: string;
  accountId: string;
  sessionId: string;
  kind: ProposalKind;
  title: string;
  body: string | null;
  runbook: Record<string, unknown> | null;
  tags: string[];
  now: Date;
};

/** One proposal per session: false when the session already has one (another worker was first). */
export async function insertProposal(tx: Queryable, p: NewProposal) {
  const { rowCount } = await tx.query(
    `INSERT INTO knowledge_proposals (id, account_id, session_id, kind, title, body, runbook, tags, source_session_ids, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text[], ARRAY[$3::uuid], $9)
     ON CONFLICT (account_id, session_id) DO NOTHING`,
    [
      p.id,
      p.accountId,
      p.sessionId,
      p.kind,
      p.title,
      p.body,
      p.runbook ? JSON.stringify(p.runbook) : null,
      p.tags,
      p.now,
    ],
  );
  return rowCount === 1;
}

export async function listProposals(tx: Queryable, accountId: string, status: ProposalStatus, limit: number) {
  const { rows } = await tx.query<ProposalRow>(
    `${SELECT} WHERE p.account_id = $1 AND p.status = $2 ORDER BY p.created_at DESC, p.id LIMIT $3`,
    [accountId, status, limit],
  );
  return rows;
}

export async function findProposal(tx: Queryable, accountId: string, id: string) {
  const { rows } = await tx.query<ProposalRow>(`${SELECT} WHERE p.account_id = $1 AND p.id = $2`, [
    accountId,
    id,
  ]);
  return rows[0];
}

/** Locks the proposal for a decision, so two admins deciding at once are served one after the other. */
export async function lockProposal(tx: Queryable, accountId: string, id: string) {
  const { rows } = await tx.query<{ status: ProposalStatus }>(
    `SELECT status FROM knowledge_proposals WHERE account_id = $1 AND id = $2 FOR UPDATE`,
    [accountId, id],
  );
  return rows[0];
}

export async function decideProposal(
  tx: Queryable,
  accountId: string,
  id: string,
  d: {
    status: Exclude<ProposalStatus, 'pending'>;
    result: { kind: ProposalKind; id: string } | null;
    userId: string;
    now: Date;
  },
) {
  const { rowCount } = await tx.query(
    `UPDATE knowledge_proposals SET status = $3, result_kind = $4, result_id = $5, decided_by = $6, decided_at = $7
     WHERE account_id = $1 AND id = $2 AND status = 'pending'`,
    [accountId, id, d.status, d.result?.kind ?? null, d.result?.id ?? null, d.userId, d.now],
  );
  return rowCount === 1;
}

/** Who hears of a new proposal: the account's active admins and owners. */
export async function curators(tx: Queryable, accountId: string) {
  const { rows } = await tx.query<{ id: string }>(
    `SELECT id FROM users WHERE account_id = $1 AND role IN ('owner', 'admin') AND is_active AND deleted_at IS NULL
     ORDER BY id`,
    [accountId],
  );
  return rows.map((r) => r.id);
}
