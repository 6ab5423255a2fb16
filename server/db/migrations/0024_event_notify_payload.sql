-- NOTIFY carries the whole event, so the other server processes stream it without reading the row
-- back (one query per burst saved on every process). NOTIFY payloads must stay under 8000 bytes: a
-- larger event is still announced by its id alone, and listeners read that one back as before.
-- The session owner (who may see a tech's handoff events) is found the way events.repo.ts does.
CREATE OR REPLACE FUNCTION rf_notify_event() RETURNS trigger AS $$
DECLARE
  owner uuid;
  body text;
BEGIN
  IF NEW.payload->>'handoff_id' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
    SELECT h.handed_off_by INTO owner FROM handoffs h
    WHERE h.account_id = NEW.account_id AND h.id = (NEW.payload->>'handoff_id')::uuid;
  END IF;
  body := json_build_object(
    'id', NEW.id,
    'account_id', NEW.account_id,
    'type', NEW.type,
    'payload', NEW.payload,
    'session_owner_id', owner,
    'created_at', NEW.created_at
  )::text;
  IF octet_length(body) < 7900 THEN
    PERFORM pg_notify('rf_events', body);
  ELSE
    PERFORM pg_notify('rf_events', NEW.id::text);
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
