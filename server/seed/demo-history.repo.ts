import type { Queryable } from '../db/types';
import type { DemoHistory } from './demo-history-plan';
import { sessionKnowledgeSql } from '../modules/sessions/sessions.repo';

/**
 * Bulk writes of the demo history into the product's own tables: one statement per table and chunk,
 * the rows passed as one JSON array and expanded by `json_to_recordset`. A row by row insert through
 * the services would take minutes; these take well under a second. Every row carries the account id,
 * and the caller runs them in a tenant transaction, so row-level security applies as for any write.
 */

const CHUNK = 1000;

async function insertRows<T>(
  tx: Queryable,
  rows: T[],
  toJson: (row: T) => Record<string, unknown>,
  sql: string,
  accountId: string,
) {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await tx.query(sql, [accountId, JSON.stringify(rows.slice(i, i + CHUNK).map(toJson))]);
  }
}

export async function insertHistory(tx: Queryable, accountId: string, h: DemoHistory) {
  // A resolved session's `knowledge` is what later intakes search: the weighted document of
  // `sessionKnowledgeSql` in sessions.repo.ts, built here as the row is written. The
  // history repeats a few dozen problems, so each distinct document is built once and shared by the
  // sessions that tell it (one per session took seconds on the embedded database).
  const factsOf = new Map<string, string[]>();
  for (const f of h.facts) factsOf.set(f.session_id, [...(factsOf.get(f.session_id) ?? []), f.text]);
  await insertRows(
    tx,
    h.sessions,
    (s) => ({
      ...s,
      engine_state: {},
      facts: s.status === 'resolved' ? (factsOf.get(s.id) ?? []).join(' ') : null,
    }),
    `WITH x AS (
       SELECT * FROM json_to_recordset($2::json) AS x(id uuid, user_id uuid, status text, intake jsonb, ticket text,
            client_name text, problem_summary text, problem_domain text, priority text, confidence double precision,
            confidence_tier text, engine_state jsonb, escalation_reason text, escalated_to_id uuid, resolution_summary text,
            root_cause text, created_at timestamptz, updated_at timestamptz, escalated_at timestamptz, resolved_at timestamptz,
            best_match real, facts text)),
     docs AS (
       SELECT problem_summary, problem, root_cause, resolution_summary, facts,
              ${sessionKnowledgeSql({ summary: 'problem_summary', problem: 'problem', cause: 'root_cause', fix: 'resolution_summary', facts: 'facts' })} AS knowledge
       FROM (SELECT DISTINCT problem_summary, intake->>'problem' AS problem, root_cause, resolution_summary, facts
             FROM x WHERE facts IS NOT NULL) d)
     INSERT INTO sessions (id, account_id, user_id, status, intake, ticket, client_name, problem_summary, problem_domain, priority,
                           confidence, confidence_tier, engine_state, escalation_reason, escalated_to_id, resolution_summary,
                           root_cause, created_at, updated_at, escalated_at, resolved_at, best_match, knowledge)
     SELECT x.id, $1, x.user_id, x.status, x.intake, x.ticket, x.client_name, x.problem_summary, x.problem_domain, x.priority,
            x.confidence, x.confidence_tier, x.engine_state, x.escalation_reason, x.escalated_to_id, x.resolution_summary,
            x.root_cause, x.created_at, x.updated_at, x.escalated_at, x.resolved_at, x.best_match, docs.knowledge
     FROM x LEFT JOIN docs ON x.facts IS NOT NULL AND docs.problem_summary = x.problem_summary
       AND docs.problem = x.intake->>'problem' AND docs.root_cause = x.root_cause
       AND docs.resolution_summary = x.resolution_summary AND docs.facts = x.facts`,
    accountId,
  );
  await insertRows(
    tx,
    h.steps,
    (s) => s,
    `INSERT INTO session_steps (id, account_id, session_id, step_order, kind, content, answer, outcome, actor_user_id, source,
                                confidence, created_at, answered_at)
     SELECT id, $1, session_id, step_order, kind, content, answer, outcome, actor_user_id, source, confidence, created_at, answered_at
     FROM json_to_recordset($2::json) AS x(id uuid, session_id uuid, step_order integer, kind text, content jsonb, answer jsonb,
          outcome text, actor_user_id uuid, source text, confidence double precision, created_at timestamptz, answered_at timestamptz)`,
    accountId,
  );
  await insertRows(
    tx,
    h.facts,
    (f) => f,
    `INSERT INTO session_facts (id, account_id, session_id, text, created_by, created_at)
     SELECT id, $1, session_id, text, created_by, created_at
     FROM json_to_recordset($2::json) AS x(id uuid, session_id uuid, text text, created_by uuid, created_at timestamptz)`,
    accountId,
  );
  // Assessments are stored ready: the assessment worker must not spend the first minutes of the
  // demo assessing escalations that were closed weeks ago.
  await insertRows(
    tx,
    h.handoffs,
    (x) => x,
    `INSERT INTO handoffs (id, account_id, session_id, intent, handed_off_by, engineer_notes, priority, snapshot, assessment,
                           assessment_status, claimed_by, claimed_at, first_action_at, resolved_at, policy_level, created_at)
     SELECT id, $1, session_id, 'escalate', handed_off_by, engineer_notes, priority, snapshot, assessment, 'ready',
            claimed_by, claimed_at, first_action_at, resolved_at, policy_level, created_at
     FROM json_to_recordset($2::json) AS x(id uuid, session_id uuid, handed_off_by uuid, engineer_notes text, priority text,
          snapshot jsonb, assessment jsonb, claimed_by uuid, claimed_at timestamptz, first_action_at timestamptz,
          resolved_at timestamptz, policy_level integer, created_at timestamptz)`,
    accountId,
  );
  await insertRows(
    tx,
    h.baselines,
    (b) => b,
    `INSERT INTO baseline_measurements (id, account_id, user_id, seconds, note, measured_at, created_at)
     SELECT id, $1, user_id, seconds, note, measured_at, measured_at
     FROM json_to_recordset($2::json) AS x(id uuid, user_id uuid, seconds integer, note text, measured_at timestamptz)`,
    accountId,
  );
}

export type HistoryProposal = {
  id: string;
  session_id: string;
  kind: 'article' | 'runbook';
  title: string;
  body: string | null;
  runbook: Record<string, unknown> | null;
  tags: string[];
  status: 'pending' | 'dismissed';
  decided_by: string | null;
  decided_at: Date | null;
  created_at: Date;
};

export async function insertHistoryProposals(tx: Queryable, accountId: string, rows: HistoryProposal[]) {
  await insertRows(
    tx,
    rows,
    (p) => p,
    `INSERT INTO knowledge_proposals (id, account_id, session_id, kind, title, body, runbook, tags, source_session_ids, status,
                                      decided_by, decided_at, created_at)
     SELECT id, $1, session_id, kind, title, body, runbook, ARRAY(SELECT jsonb_array_elements_text(tags)), ARRAY[session_id],
            status, decided_by, decided_at, created_at
     FROM json_to_recordset($2::json) AS x(id uuid, session_id uuid, kind text, title text, body text, runbook jsonb,
          tags jsonb, status text, decided_by uuid, decided_at timestamptz, created_at timestamptz)`,
    accountId,
  );
}
