-- Guided troubleshooting sessions (FlowPilot): sessions, their steps and facts.

CREATE TABLE sessions (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id),
  status varchar(32) NOT NULL DEFAULT 'active'
    CHECK (status IN ('active', 'paused', 'requesting_escalation', 'escalated', 'resolved', 'abandoned')),
  intake jsonb NOT NULL,
  ticket varchar(64),
  client_name varchar(200),
  asset_name varchar(200),
  problem_summary varchar(200) NOT NULL,
  problem_domain varchar(32) NOT NULL,
  priority varchar(2) NOT NULL DEFAULT 'p3' CHECK (priority IN ('p1', 'p2', 'p3', 'p4')),
  confidence double precision NOT NULL DEFAULT 0 CHECK (confidence >= 0 AND confidence <= 1),
  confidence_tier varchar(16) NOT NULL DEFAULT 'discovery' CHECK (confidence_tier IN ('discovery', 'exploring', 'guided')),
  -- The built-in engine's working memory: candidate runbooks, the one being followed, its position.
  engine_state jsonb NOT NULL DEFAULT '{}'::jsonb,
  escalation_reason text,
  escalated_to_id uuid REFERENCES users(id),
  resolution_summary text,
  root_cause text,
  -- What a resolved session teaches the engine: searched by later intakes of the same account.
  knowledge tsvector,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  escalated_at timestamptz,
  resolved_at timestamptz
);
CREATE INDEX sessions_account_status_idx ON sessions (account_id, status, updated_at DESC);
CREATE INDEX sessions_owner_idx ON sessions (account_id, user_id, updated_at DESC);
CREATE INDEX sessions_knowledge_idx ON sessions USING gin (knowledge) WHERE status = 'resolved';

CREATE TABLE session_steps (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  session_id uuid NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  step_order integer NOT NULL,
  kind varchar(32) NOT NULL
    CHECK (kind IN ('question', 'action', 'resolution_suggestion', 'note', 'briefing', 'status_update')),
  content jsonb NOT NULL,
  answer jsonb,
  outcome varchar(16) CHECK (outcome IN ('worked', 'failed', 'partial', 'not_run')),
  note text,
  actor_user_id uuid REFERENCES users(id),
  source varchar(16) NOT NULL CHECK (source IN ('assistant', 'user')),
  confidence double precision CHECK (confidence >= 0 AND confidence <= 1),
  created_at timestamptz NOT NULL DEFAULT now(),
  answered_at timestamptz,
  UNIQUE (session_id, step_order)
);
CREATE INDEX session_steps_session_idx ON session_steps (session_id, step_order);
CREATE INDEX session_steps_actor_idx ON session_steps (account_id, actor_user_id, answered_at);

CREATE TABLE session_facts (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  session_id uuid NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  text varchar(2000) NOT NULL,
  source_step_id uuid REFERENCES session_steps(id),
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX session_facts_session_idx ON session_facts (session_id, created_at);
CREATE INDEX session_facts_creator_idx ON session_facts (account_id, created_by, created_at);
