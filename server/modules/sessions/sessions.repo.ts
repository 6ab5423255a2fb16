import type { Outcome, Priority, SessionStatus, StepKind } from '../../../shared/sessions';
import type { PastSession } from '../../ai/builtin/knowledge';
import type { BestMatch, StepContent } from '../../ai/types';
import { distinctiveQueries } from '../knowledge/search-query';
import type { Queryable } from '../../db/types';

export type SessionRow = {
  id: string;
  account_id: string;
  user_id: string;
  owner_name: string;
  status: SessionStatus;
  intake: {
    problem: string;
    ticket?: string | null;
    client?: string | null;
    asset?: string | null;
    log?: string | null;
  };
  ticket: string | null;
  client_name: string | null;
  asset_name: string | null;
  problem_summary: string;
  problem_domain: string;
  priority: Priority;
  confidence: number;
  confidence_tier: 'discovery' | 'exploring' | 'guided';
  engine_state: Record<string, unknown>;
  escalation_reason: string | null;
  escalated_to_id: string | null;
  escalated_to_name: string | null;
  resolution_summary: string | null;
  root_cause: string | null;
  created_at: Date;
  updated_at: Date;
  escalated_at: Date | null;
  resolved_at: Date | null;
};

export type StepRow = {
  id: string;
  session_id: string;
  step_order: number;
  kind: StepKind;
  content: StepContent;
  answer: { option?: string; label?: string; text?: string; skipped?: boolean } | null;
  outcome: Outcome | null;
  note: string | null;
  actor_user_id: string | null;
  actor_name: string | null;
  source: 'assistant' | 'user';
  confidence: number | null;
  created_at: Date;
  answered_at: Date | null;
};

export type FactRow = {
  id: string;
  session_id: string;
  text: string;
  source_step_id: string | null;
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date;
};

const SESSION_SELECT = `
  SELECT s.id, s.account_id, s.user_id, o.name AS owner_name, s.status, s.intake, s.ticket, s.client_name, s.asset_name,
         s.problem_summary, s.problem_domain, s.priority, s.confidence, s.confidence_tier, s.engine_state,
         s.escalation_reason, s.escalated_to_id, e.name AS escalated_to_name, s.resolution_summary, s.root_cause,
         s.created_at, s.updated_at, s.escalated_at, s.resolved_at
  FROM sessions s JOIN users o ON o.id = s.user_id LEFT JOIN users e ON e.id = s.escalated_to_id`;

export async function insertSession(
  tx: Queryable,
  s: Pick<
    SessionRow,
    | 'id'
    | 'account_id'
    | 'user_id'
    | 'intake'
    | 'problem_summary'
    | 'problem_domain'
    | 'priority'
    | 'confidence'
    | 'confidence_tier'
    | 'engine_state'
  > & { now: Date; best_match: BestMatch | null },
) {
  await tx.query(
    `INSERT INTO sessions (id, account_id, user_id, status, intake, ticket, client_name, asset_name, problem_summary, problem_domain,
                           priority, confidence, confidence_tier, engine_state, created_at, updated_at, best_match, best_match_source)
     VALUES ($1, $2, $3, 'active', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15, $16)`,
    [
      s.id,
      s.account_id,
      s.user_id,
      JSON.stringify(s.intake),
      s.intake.ticket ?? null,
      s.intake.client ?? null,
      s.intake.asset ?? null,
      s.problem_summary,
      s.problem_domain,
      s.priority,
      s.confidence,
      s.confidence_tier,
      JSON.stringify(s.engine_state),
      s.now,
      s.best_match?.coverage ?? null,
      s.best_match?.source ? JSON.stringify(s.best_match.source) : null,
    ],
  );
}

export async function findSession(tx: Queryable, accountId: string, id: string) {
  const { rows } = await tx.query<SessionRow>(`${SESSION_SELECT} WHERE s.account_id = $1 AND s.id = $2`, [
    accountId,
    id,
  ]);
  return rows[0];
}

export type SessionListFilter = {
  ownerId?: string;
  statuses?: SessionStatus[];
  visibleToTech?: string;
  limit: number;
};

export async function listSessions(tx: Queryable, accountId: string, f: SessionListFilter) {
  const params: unknown[] = [accountId];
  const where = ['s.account_id = $1'];
  if (f.ownerId) where.push(`s.user_id = $${params.push(f.ownerId)}`);
  if (f.statuses?.length) where.push(`s.status = ANY($${params.push(f.statuses)}::text[])`);
  if (f.visibleToTech) {
    const me = params.push(f.visibleToTech);
    where.push(
      `(s.user_id = $${me} OR s.escalated_to_id = $${me} OR s.status IN ('requesting_escalation', 'escalated', 'resolved'))`,
    );
  }
  const { rows } = await tx.query<SessionRow>(
    `${SESSION_SELECT} WHERE ${where.join(' AND ')} ORDER BY s.updated_at DESC LIMIT $${params.push(f.limit)}`,
    params,
  );
  return rows;
}

/** Moves a session between statuses only if it is still in one of `from`; null when it was not. */
export async function transitionSession(
  tx: Queryable,
  accountId: string,
  id: string,
  from: readonly SessionStatus[],
  to: SessionStatus,
  now: Date,
  extra: { root_cause?: string; resolution_summary?: string } = {},
) {
  const { rowCount } = await tx.query(
    `UPDATE sessions SET status = $4::text, updated_at = $5,
            root_cause = COALESCE($6, root_cause), resolution_summary = COALESCE($7, resolution_summary),
            resolved_at = CASE WHEN $4::text = 'resolved' THEN $5 ELSE resolved_at END
     WHERE account_id = $1 AND id = $2 AND status = ANY($3::text[]) RETURNING id`,
    [accountId, id, from, to, now, extra.root_cause ?? null, extra.resolution_summary ?? null],
  );
  return rowCount === 1;
}

/**
 * The weighted document a resolved session is searched by — its problem and cause weigh A, its fix B,
 * its facts C — as SQL over the given column expressions. One definition for a session resolved in
 * the app, the demo history and the benchmarks' bulk inserts, so their searches rank alike.
 */
export const sessionKnowledgeSql = (c: {
  summary: string;
  problem: string;
  cause: string;
  fix: string;
  facts: string;
}) =>
  `setweight(to_tsvector('english', coalesce(${c.summary}, '') || ' ' || coalesce(${c.problem}, '')), 'A') ||
   setweight(to_tsvector('english', coalesce(${c.cause}, '')), 'A') ||
   setweight(to_tsvector('english', coalesce(${c.fix}, '')), 'B') ||
   setweight(to_tsvector('english', coalesce(${c.facts}, '')), 'C')`;

/** What a resolved session teaches later intakes: its problem, cause, fix and facts, weighted. */
export async function indexKnowledge(tx: Queryable, accountId: string, id: string) {
  const knowledge = sessionKnowledgeSql({
    summary: 's.problem_summary',
    problem: "s.intake->>'problem'",
    cause: 's.root_cause',
    fix: 's.resolution_summary',
    facts:
      "(SELECT string_agg(f.text, ' ') FROM session_facts f WHERE f.account_id = s.account_id AND f.session_id = s.id)",
  });
  await tx.query(`UPDATE sessions s SET knowledge = ${knowledge} WHERE s.account_id = $1 AND s.id = $2`, [
    accountId,
    id,
  ]);
}

export async function updateEngineResult(
  tx: Queryable,
  accountId: string,
  id: string,
  r: { engine_state: Record<string, unknown>; confidence: number; confidence_tier: string; now: Date },
) {
  await tx.query(
    `UPDATE sessions SET engine_state = $3, confidence = $4, confidence_tier = $5, updated_at = $6 WHERE account_id = $1 AND id = $2`,
    [accountId, id, JSON.stringify(r.engine_state), r.confidence, r.confidence_tier, r.now],
  );
}

export async function touchSession(tx: Queryable, accountId: string, id: string, now: Date) {
  await tx.query(`UPDATE sessions SET updated_at = $3 WHERE account_id = $1 AND id = $2`, [
    accountId,
    id,
    now,
  ]);
}

const STEP_SELECT = `
  SELECT st.id, st.session_id, st.step_order, st.kind, st.content, st.answer, st.outcome, st.note, st.actor_user_id,
         u.name AS actor_name, st.source, st.confidence, st.created_at, st.answered_at
  FROM session_steps st LEFT JOIN users u ON u.id = st.actor_user_id`;

export async function listSteps(tx: Queryable, accountId: string, sessionId: string) {
  const { rows } = await tx.query<StepRow>(
    `${STEP_SELECT} WHERE st.account_id = $1 AND st.session_id = $2 ORDER BY st.step_order`,
    [accountId, sessionId],
  );
  return rows;
}

export async function insertStep(
  tx: Queryable,
  s: {
    id: string;
    accountId: string;
    sessionId: string;
    kind: StepKind;
    content: StepContent;
    source: 'assistant' | 'user';
    confidence: number | null;
    actorUserId?: string | null;
    answeredAt?: Date | null;
    now: Date;
  },
) {
  await tx.query(
    `INSERT INTO session_steps (id, account_id, session_id, step_order, kind, content, source, confidence, actor_user_id, answered_at, created_at)
     VALUES ($1, $2, $3, (SELECT coalesce(max(step_order), 0) + 1 FROM session_steps WHERE account_id = $2 AND session_id = $3),
             $4, $5, $6, $7, $8, $9, $10)`,
    [
      s.id,
      s.accountId,
      s.sessionId,
      s.kind,
      JSON.stringify(s.content),
      s.source,
      s.confidence,
      s.actorUserId ?? null,
      s.answeredAt ?? null,
      s.now,
    ],
  );
}

/** Records an answer once: a second answer to the same step (double submit, two tabs) changes nothing. */
export async function answerStep(
  tx: Queryable,
  accountId: string,
  stepId: string,
  a: {
    answer: StepRow['answer'];
    outcome: Outcome | null;
    note: string | null;
    actorUserId: string;
    now: Date;
  },
) {
  const { rowCount } = await tx.query(
    `UPDATE session_steps SET answer = $3, outcome = $4, note = $5, actor_user_id = $6, answered_at = $7
     WHERE account_id = $1 AND id = $2 AND answered_at IS NULL RETURNING id`,
    [accountId, stepId, JSON.stringify(a.answer), a.outcome, a.note, a.actorUserId, a.now],
  );
  return rowCount === 1;
}

export async function listFacts(tx: Queryable, accountId: string, sessionId: string) {
  const { rows } = await tx.query<FactRow>(
    `SELECT f.id, f.session_id, f.text, f.source_step_id, f.created_by, u.name AS created_by_name, f.created_at
     FROM session_facts f LEFT JOIN users u ON u.id = f.created_by
     WHERE f.account_id = $1 AND f.session_id = $2 ORDER BY f.created_at, f.id`,
    [accountId, sessionId],
  );
  return rows;
}

export async function insertFact(
  tx: Queryable,
  f: {
    id: string;
    accountId: string;
    sessionId: string;
    text: string;
    sourceStepId: string | null;
    createdBy: string;
    now: Date;
  },
) {
  await tx.query(
    `INSERT INTO session_facts (id, account_id, session_id, text, source_step_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [f.id, f.accountId, f.sessionId, f.text, f.sourceStepId, f.createdBy, f.now],
  );
}

/**
 * Full-text search over the account's resolved sessions, for the engine's learned knowledge. Rows
 * sharing at least two of the distinctive words come first; only when none does, one word suffices.
 * The match runs in `search_resolved_sessions` (migration 0012), which uses the GIN index while
 * keeping to the transaction's account; at most RANKED_ROWS matches are ranked, so the cost stays
 * flat as the account grows. The rows are read back here through RLS.
 */
const RANKED_ROWS = 400;
export async function searchResolvedSessions(tx: Queryable, accountId: string, words: string[], limit = 8) {
  for (const query of distinctiveQueries(words)) {
    const { rows } = await tx.query<PastSession>(
      `SELECT s.id, s.problem_summary, s.problem_domain AS domain, s.intake->>'problem' AS problem, s.root_cause,
              s.resolution_summary, s.engine_state->>'runbook_id' AS runbook_id, ARRAY[]::text[] AS facts
       FROM search_resolved_sessions(to_tsquery('english', $2), $3, ${RANKED_ROWS}) found
       JOIN sessions s ON s.account_id = $1 AND s.id = found.id
       ORDER BY found.rank DESC`,
      [accountId, query, limit],
    );
    if (rows.length) return rows;
  }
  return [];
}

/** Session side of an escalation: only an active or paused session can start one. */
export async function markRequestingEscalation(
  tx: Queryable,
  accountId: string,
  id: string,
  reason: string,
  priority: Priority,
  now: Date,
) {
  const { rowCount } = await tx.query(
    `UPDATE sessions SET status = 'requesting_escalation', escalation_reason = $3, priority = $4, escalated_at = $5,
            escalated_to_id = NULL, updated_at = $5
     WHERE account_id = $1 AND id = $2 AND status IN ('active', 'paused') RETURNING id`,
    [accountId, id, reason, priority, now],
  );
  return rowCount === 1;
}

/** A claim hands the session to the claimer; a release (escalated → requesting) gives it back to the queue. */
export async function setEscalatedTo(
  tx: Queryable,
  accountId: string,
  id: string,
  claimerId: string | null,
  now: Date,
) {
  const [from, to] = claimerId
    ? ['requesting_escalation', 'escalated']
    : ['escalated', 'requesting_escalation'];
  const { rowCount } = await tx.query(
    `UPDATE sessions SET status = $3::text, escalated_to_id = $4, updated_at = $5 WHERE account_id = $1 AND id = $2 AND status = $6 RETURNING id`,
    [accountId, id, to, claimerId, now, from],
  );
  return rowCount === 1;
}

/** The assessment of the session's newest escalation, when one is ready (for "ask the assistant"). */
export async function latestReadyAssessment(tx: Queryable, accountId: string, sessionId: string) {
  const { rows } = await tx.query<{
    assessment: { likely_cause: string; suggested_steps: string[]; sources: StepContent['sources'] };
  }>(
    `SELECT assessment FROM handoffs WHERE account_id = $1 AND session_id = $2 AND intent = 'escalate' AND assessment_status = 'ready'
     ORDER BY created_at DESC LIMIT 1`,
    [accountId, sessionId],
  );
  return rows[0]?.assessment;
}
