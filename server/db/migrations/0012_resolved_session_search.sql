-- Full-text search over an account's resolved sessions that can use the GIN index.
--
-- Under row-level security PostgreSQL evaluates a query's own conditions only after the policy, unless
-- they are leakproof; the text-search match (@@) is not, so the GIN index on sessions.knowledge was
-- never used and every search read all of the account's sessions (180 ms at 100,000 sessions). This
-- function runs as the schema owner, which bypasses RLS, and applies the very condition of the
-- tenant_isolation policy itself: it sees only the account set in app.account_id for the current
-- transaction (none when unset), and returns only ids and ranks. The rows themselves are then read
-- through RLS as usual.
CREATE FUNCTION search_resolved_sessions(query tsquery, max_rows integer, max_ranked integer)
RETURNS TABLE (id uuid, rank real)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  SELECT m.id, ts_rank(m.knowledge, query) AS rank
  FROM (
    SELECT s.id, s.knowledge
    FROM public.sessions s
    WHERE s.account_id = NULLIF(current_setting('app.account_id', true), '')::uuid
      AND s.status = 'resolved'
      AND s.knowledge @@ query
    LIMIT max_ranked
  ) m
  ORDER BY rank DESC
  LIMIT max_rows
$$;
REVOKE ALL ON FUNCTION search_resolved_sessions(tsquery, integer, integer) FROM PUBLIC;

-- Sessions are resolved one at a time, so the index is kept current on every write rather than
-- through a pending list that each search must read in full until a vacuum (the embedded database
-- has no autovacuum at all).
ALTER INDEX sessions_knowledge_idx SET (fastupdate = off);
