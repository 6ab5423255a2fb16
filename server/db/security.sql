-- Applied after every migration run (idempotent). Creates the RLS-bound application role, grants it
-- access, and makes sure every table with an account_id column has row-level security enabled, forced
-- and a tenant policy. A new tenant table is therefore protected the moment its migration lands.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rf_app') THEN
    CREATE ROLE rf_app NOLOGIN NOBYPASSRLS;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL; -- another database of the same cluster created it concurrently
END $$;

DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'rf_app', 'MEMBER') THEN
    EXECUTE format('GRANT rf_app TO %I', current_user);
  END IF;
END $$;

GRANT USAGE ON SCHEMA public TO rf_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO rf_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO rf_app;
REVOKE ALL ON schema_migrations FROM rf_app;
REVOKE ALL ON login_attempts FROM rf_app;
REVOKE ALL ON password_reset_requests FROM rf_app;
REVOKE ALL ON mfa_failures FROM rf_app;
-- Installation-wide VAPID key pair (migration 0021): read on the system path only.
REVOKE ALL ON vapid_keys FROM rf_app;
-- Tenant-scoped by app.account_id inside (migration 0012); the one function the app role may call.
GRANT EXECUTE ON FUNCTION search_resolved_sessions(tsquery, integer, integer) TO rf_app;
GRANT EXECUTE ON FUNCTION search_account_knowledge(tsquery, integer, integer) TO rf_app;

DO $$
DECLARE
  t record;
BEGIN
  FOR t IN
    SELECT c.table_name
    FROM information_schema.columns c
    JOIN information_schema.tables tb ON tb.table_name = c.table_name AND tb.table_schema = c.table_schema
    WHERE c.table_schema = 'public' AND c.column_name = 'account_id' AND tb.table_type = 'BASE TABLE'
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t.table_name);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t.table_name);
    EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %I', t.table_name);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (account_id = NULLIF(current_setting(''app.account_id'', true), '''')::uuid) WITH CHECK (account_id = NULLIF(current_setting(''app.account_id'', true), '''')::uuid)',
      t.table_name);
  END LOOP;
END $$;

-- The accounts table is keyed by id rather than account_id.
ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE accounts FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant_isolation ON accounts;
CREATE POLICY tenant_isolation ON accounts
  USING (id = NULLIF(current_setting('app.account_id', true), '')::uuid)
  WITH CHECK (id = NULLIF(current_setting('app.account_id', true), '')::uuid);
