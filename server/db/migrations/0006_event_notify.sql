-- Every committed event wakes the stream of every server process: NOTIFY is delivered at commit,
-- so a rolled-back change never reaches a client. The payload is small; listeners read the row.
CREATE OR REPLACE FUNCTION rf_notify_event() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('rf_events', NEW.id::text);
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER events_notify AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION rf_notify_event();

CREATE INDEX notifications_unread_idx ON notifications (account_id, user_id) WHERE read_at IS NULL;
