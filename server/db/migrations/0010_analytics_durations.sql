-- Analytics read 70,000+ durations per 90-day request. Working them out per row at read time (interval
-- arithmetic, date_part, formatting the day) cost more than sorting them, so each handoff stores its
-- durations and UTC day numbers when its timestamps change, and the covering indexes carry them.
-- Durations are floored at 0 (several servers' clocks may disagree a little); NULL while not reached.
ALTER TABLE handoffs
  ADD COLUMN created_day integer
    GENERATED ALWAYS AS (floor(date_part('epoch', created_at - timestamptz '1970-01-01 00:00:00+00') / 86400)::integer) STORED,
  ADD COLUMN claimed_day integer
    GENERATED ALWAYS AS (floor(date_part('epoch', claimed_at - timestamptz '1970-01-01 00:00:00+00') / 86400)::integer) STORED,
  ADD COLUMN time_to_claim_s double precision
    GENERATED ALWAYS AS (CASE WHEN claimed_at IS NOT NULL THEN GREATEST(0, date_part('epoch', claimed_at - created_at)) END) STORED,
  ADD COLUMN time_to_first_action_s double precision
    GENERATED ALWAYS AS (CASE WHEN first_action_at IS NOT NULL THEN GREATEST(0, date_part('epoch', first_action_at - claimed_at)) END) STORED;

DROP INDEX handoffs_escalations_created_idx;
CREATE INDEX handoffs_escalations_created_idx ON handoffs (account_id, created_at)
  INCLUDE (created_day, time_to_claim_s, claimed_by, resolved_at, policy_level) WHERE intent = 'escalate';
DROP INDEX handoffs_escalations_claimed_idx;
CREATE INDEX handoffs_escalations_claimed_idx ON handoffs (account_id, claimed_at)
  INCLUDE (claimed_day, time_to_first_action_s) WHERE intent = 'escalate' AND claimed_at IS NOT NULL;

-- The daily series of the analytics page (counts and medians per UTC day) for days that are over,
-- computed once and kept: a 90-day request then only works out the two partial days at its edges.
-- A change to a handoff's timestamps marks the days it touches stale (a tombstone with a new
-- generation); a reader stores a day only if its generation is still the one it saw, so a change
-- racing a reader can never leave a stale day marked fresh.
CREATE TABLE analytics_days (
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  measure text NOT NULL CHECK (measure IN ('claim', 'first_action')),
  day integer NOT NULL,
  generation integer NOT NULL,
  fresh boolean NOT NULL DEFAULT false,
  -- claim: escalations created that day, of them claimed, median time to claim;
  -- first_action: claims made that day, of them with a first action, median time to first action.
  total integer NOT NULL DEFAULT 0,
  reached integer NOT NULL DEFAULT 0,
  median double precision,
  PRIMARY KEY (account_id, measure, day)
);

CREATE FUNCTION analytics_days_invalidate() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  today integer := floor(date_part('epoch', now() - timestamptz '1970-01-01 00:00:00+00') / 86400)::integer;
  touched record;
BEGIN
  FOR touched IN
    SELECT DISTINCT v.measure, v.day FROM (VALUES
      ('claim', NEW.created_day), ('first_action', NEW.claimed_day),
      ('claim', CASE WHEN TG_OP = 'UPDATE' THEN OLD.created_day END),
      ('first_action', CASE WHEN TG_OP = 'UPDATE' THEN OLD.claimed_day END)) AS v(measure, day)
    WHERE v.day IS NOT NULL
  LOOP
    IF touched.day < today THEN
      INSERT INTO analytics_days (account_id, measure, day, generation) VALUES (NEW.account_id, touched.measure, touched.day, 1)
      ON CONFLICT (account_id, measure, day) DO UPDATE SET fresh = false, generation = analytics_days.generation + 1;
    ELSE
      -- Today (the common case: a new escalation, a claim) is never stored, so there is nothing to
      -- mark and no row to contend for; a clock running ahead (tests) may have stored one.
      UPDATE analytics_days SET fresh = false, generation = generation + 1
      WHERE account_id = NEW.account_id AND measure = touched.measure AND day = touched.day;
    END IF;
  END LOOP;
  RETURN NULL;
END $$;

CREATE TRIGGER handoffs_analytics_days AFTER INSERT OR UPDATE OF created_at, claimed_at, first_action_at, intent ON handoffs
  FOR EACH ROW WHEN (NEW.intent = 'escalate') EXECUTE FUNCTION analytics_days_invalidate();
