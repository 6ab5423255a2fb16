-- What an account teaches the assistant (SPEC §14): articles (written here, imported from files,
-- approved from proposals) and tickets imported from the PSA, account runbooks, background imports,
-- proposals drafted from resolved sessions, and the best knowledge match of every session (for the
-- knowledge-gaps report). Row-level security comes from security.sql: every table carries account_id.

CREATE TABLE knowledge_articles (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  -- 'psa_ticket': a closed ticket of the account's PSA with its resolution; 'article': Markdown.
  kind varchar(16) NOT NULL DEFAULT 'article' CHECK (kind IN ('article', 'psa_ticket')),
  title varchar(300) NOT NULL CHECK (length(btrim(title)) > 0),
  body text NOT NULL,
  tags text[] NOT NULL DEFAULT '{}',
  -- Provenance: written in the app, imported from a file (origin_ref: its name), approved from a
  -- proposal (origin_ref: the proposal id) or a PSA ticket (origin_ref: the ticket number).
  origin varchar(16) NOT NULL CHECK (origin IN ('written', 'file', 'proposal', 'psa_ticket')),
  origin_ref text,
  -- The PSA's ticket id: a second history import skips what it already holds.
  external_id varchar(64),
  -- sha256 of the normalised title and body: importing identical content again is skipped.
  content_hash char(64) NOT NULL,
  knowledge tsvector NOT NULL,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'psa_ticket') = (external_id IS NOT NULL))
);
CREATE UNIQUE INDEX knowledge_articles_hash_idx ON knowledge_articles (account_id, content_hash);
CREATE UNIQUE INDEX knowledge_articles_external_idx ON knowledge_articles (account_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX knowledge_articles_updated_idx ON knowledge_articles (account_id, updated_at DESC);
CREATE INDEX knowledge_articles_tags_idx ON knowledge_articles USING gin (tags);
CREATE INDEX knowledge_articles_knowledge_idx ON knowledge_articles USING gin (knowledge) WITH (fastupdate = off);

-- Edit history: every version, who made it and when; the web compares neighbours to show what changed.
CREATE TABLE knowledge_article_revisions (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  article_id uuid NOT NULL REFERENCES knowledge_articles(id) ON DELETE CASCADE,
  title varchar(300) NOT NULL,
  body text NOT NULL,
  tags text[] NOT NULL DEFAULT '{}',
  edited_by uuid REFERENCES users(id) ON DELETE SET NULL,
  edited_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX knowledge_article_revisions_article_idx ON knowledge_article_revisions (account_id, article_id, edited_at DESC);

-- Account runbooks: the shipped format (validated by shared/knowledge.ts), one document each. An
-- account runbook whose id equals a shipped one replaces it for that account (a fork keeps the id).
CREATE TABLE knowledge_runbooks (
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  id varchar(100) NOT NULL,
  title varchar(300) NOT NULL,
  domain varchar(40) NOT NULL,
  document jsonb NOT NULL,
  origin varchar(16) NOT NULL CHECK (origin IN ('written', 'file', 'proposal', 'fork')),
  origin_ref text,
  forked_from varchar(100),
  content_hash char(64) NOT NULL,
  knowledge tsvector NOT NULL,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, id)
);
CREATE INDEX knowledge_runbooks_knowledge_idx ON knowledge_runbooks USING gin (knowledge) WITH (fastupdate = off);

-- A background import: files uploaded at once, or the PSA's closed tickets. `cursor` lets a PSA
-- import resume where it stopped after a restart; `lease_until` says a live process is working on it.
CREATE TABLE knowledge_imports (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  kind varchar(16) NOT NULL CHECK (kind IN ('files', 'psa_history')),
  status varchar(16) NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  total integer NOT NULL DEFAULT 0,
  done integer NOT NULL DEFAULT 0,
  imported integer NOT NULL DEFAULT 0,
  skipped integer NOT NULL DEFAULT 0,
  failed jsonb NOT NULL DEFAULT '[]',
  error text,
  since timestamptz,
  cursor jsonb,
  lease_until timestamptz,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX knowledge_imports_account_idx ON knowledge_imports (account_id, created_at DESC);
CREATE INDEX knowledge_imports_unfinished_idx ON knowledge_imports (status) WHERE status IN ('queued', 'running');

-- The flywheel: one proposal per resolved session at most, drafted in the background.
CREATE TABLE knowledge_proposals (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  session_id uuid NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  kind varchar(16) NOT NULL CHECK (kind IN ('article', 'runbook')),
  title varchar(300) NOT NULL,
  body text,
  runbook jsonb,
  tags text[] NOT NULL DEFAULT '{}',
  source_session_ids uuid[] NOT NULL,
  status varchar(16) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'dismissed')),
  result_kind varchar(16) CHECK (result_kind IN ('article', 'runbook')),
  result_id text,
  decided_by uuid REFERENCES users(id) ON DELETE SET NULL,
  decided_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, session_id)
);
CREATE INDEX knowledge_proposals_status_idx ON knowledge_proposals (account_id, status, created_at DESC);

-- How well the knowledge matched the problem at intake (top candidate's share of the query, 0..1, and
-- its source): the knowledge-gaps report clusters sessions whose best match was weak.
ALTER TABLE sessions ADD COLUMN best_match real;
ALTER TABLE sessions ADD COLUMN best_match_source jsonb;

-- Full-text search over the account's articles, PSA tickets and runbooks that can use the GIN indexes
-- under RLS: the same construction as search_resolved_sessions (migration 0012), scoped to the
-- account set in app.account_id for the transaction, returning only kinds, ids and ranks.
CREATE FUNCTION search_account_knowledge(query tsquery, max_rows integer, max_ranked integer)
RETURNS TABLE (kind text, id text, rank real)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  SELECT m.kind, m.id, ts_rank(m.knowledge, query) AS rank
  FROM (
    (SELECT a.kind::text AS kind, a.id::text AS id, a.knowledge
     FROM public.knowledge_articles a
     WHERE a.account_id = NULLIF(current_setting('app.account_id', true), '')::uuid
       AND a.knowledge @@ query
     LIMIT max_ranked)
    UNION ALL
    (SELECT 'runbook', r.id::text, r.knowledge
     FROM public.knowledge_runbooks r
     WHERE r.account_id = NULLIF(current_setting('app.account_id', true), '')::uuid
       AND r.knowledge @@ query
     LIMIT max_ranked)
  ) m
  ORDER BY rank DESC
  LIMIT max_rows
$$;
REVOKE ALL ON FUNCTION search_account_knowledge(tsquery, integer, integer) FROM PUBLIC;
