import type { Database } from '../../server/db/types';
import type { BenchUser } from '../lib/population';

export type HistoryShape = {
  sessions: number;
  days: number;
  stepsPerSession: number;
  escalatedShare: number;
};

/**
 * The past an account brings to the load test, written with SQL: resolved sessions spread over the
 * last `days` (full-text indexed as `indexKnowledge` does, so the engine's search over past sessions
 * has real work), answered steps, and for a share of them an escalation that was claimed, acted on
 * and resolved, with its `handoff_created` event and one sent email per senior (the delivery log).
 */
export async function seedHistory(
  db: Database,
  accountId: string,
  users: BenchUser[],
  intakes: string[],
  shape: HistoryShape,
) {
  const techs = users.filter((u) => u.role === 'tech').map((u) => u.id);
  const seniors = users.filter((u) => u.role === 'engineer' || u.role === 'admin' || u.role === 'owner');
  await db.query(
    `INSERT INTO sessions (id, account_id, user_id, status, intake, problem_summary, problem_domain, priority, confidence, confidence_tier,
                           root_cause, resolution_summary, created_at, updated_at, resolved_at)
     SELECT gen_random_uuid(), $1, ($2::uuid[])[1 + (g % cardinality($2::uuid[]))], 'resolved',
            jsonb_build_object('problem', ($3::text[])[1 + (g % cardinality($3::text[]))]),
            left(($3::text[])[1 + (g % cardinality($3::text[]))], 120), 'other', 'p3', 0.7, 'exploring',
            'Root cause found in past case ' || g, 'Fixed the way the runbook suggests, verified with the user', t.at, t.at + interval '40 minutes', t.at + interval '40 minutes'
     FROM generate_series(1, $4::int) g CROSS JOIN LATERAL (SELECT now() - random() * ($5::int * interval '1 day') - interval '1 hour' + g * interval '0 s' AS at) t`,
    [accountId, techs, intakes, shape.sessions, shape.days],
  );
  await db.query(
    `UPDATE sessions s SET knowledge =
        setweight(to_tsvector('english', coalesce(s.problem_summary, '') || ' ' || coalesce(s.intake->>'problem', '')), 'A') ||
        setweight(to_tsvector('english', coalesce(s.root_cause, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(s.resolution_summary, '')), 'B')
     WHERE s.account_id = $1`,
    [accountId],
  );
  await db.query(
    `INSERT INTO session_steps (id, account_id, session_id, step_order, kind, content, answer, source, actor_user_id, answered_at, created_at)
     SELECT gen_random_uuid(), s.account_id, s.id, n, 'question',
            '{"text":"Earlier question","options":[{"label":"Yes","value":"yes"},{"label":"No","value":"no"}],"sources":[]}',
            '{"option":"no","label":"No"}', 'assistant', s.user_id, s.created_at + n * interval '2 minutes', s.created_at + n * interval '2 minutes'
     FROM sessions s CROSS JOIN generate_series(1, $2::int) n WHERE s.account_id = $1`,
    [accountId, shape.stepsPerSession],
  );
  // Escalations: claimed 1–20 min after, first action within 15 min of the claim, resolved later.
  await db.query(
    `INSERT INTO handoffs (id, account_id, session_id, intent, handed_off_by, priority, snapshot, assessment_status, created_at,
                           claimed_by, claimed_at, first_action_at, resolved_at)
     SELECT gen_random_uuid(), s.account_id, s.id, 'escalate', s.user_id, 'p3',
            jsonb_build_object('problem_summary', s.problem_summary, 'ticket', null, 'steps', '[]'::jsonb), 'unavailable',
            s.created_at + interval '10 minutes', c.claimer, c.at, c.at + random() * interval '15 minutes', s.resolved_at
     FROM sessions s
     CROSS JOIN LATERAL (SELECT ($2::uuid[])[1 + floor(random() * cardinality($2::uuid[]))::int + (0 * length(s.id::text))] AS claimer,
                                s.created_at + interval '11 minutes' + random() * interval '19 minutes' AS at) c
     WHERE s.account_id = $1 AND random() < $3`,
    [accountId, seniors.map((u) => u.id), shape.escalatedShare],
  );
  await db.query(
    `INSERT INTO events (account_id, type, payload, created_at)
     SELECT h.account_id, 'handoff_created', jsonb_build_object('handoff_id', h.id, 'session_id', h.session_id), h.created_at
     FROM handoffs h WHERE h.account_id = $1 ORDER BY h.created_at`,
    [accountId],
  );
  await db.query(
    `INSERT INTO deliveries (id, account_id, event_id, channel, recipient, status, attempts, next_attempt_at, sent_at, idempotency_key, created_at)
     SELECT gen_random_uuid(), e.account_id, e.id, 'email', r.email, 'sent', 1, e.created_at, e.created_at + interval '1 second',
            e.id || ':email:' || r.email, e.created_at
     FROM events e CROSS JOIN unnest($2::text[]) AS r(email) WHERE e.account_id = $1`,
    [accountId, seniors.map((u) => u.email)],
  );
}
