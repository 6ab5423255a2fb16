-- Analytics: the claimer's first action is recorded on the handoff when it happens, so the metrics
-- read one table instead of searching a million steps; and the manual baseline measurements.
ALTER TABLE handoffs ADD COLUMN first_action_at timestamptz;
-- Covering indexes: the metrics read these columns only, so they are answered from the index alone.
CREATE INDEX handoffs_escalations_created_idx ON handoffs (account_id, created_at)
  INCLUDE (claimed_at, first_action_at, claimed_by, resolved_at, policy_level) WHERE intent = 'escalate';
CREATE INDEX handoffs_escalations_claimed_idx ON handoffs (account_id, claimed_at)
  INCLUDE (first_action_at) WHERE intent = 'escalate' AND claimed_at IS NOT NULL;

CREATE TABLE baseline_measurements (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  seconds integer NOT NULL CHECK (seconds > 0 AND seconds <= 86400),
  note varchar(500),
  measured_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX baseline_measurements_account_idx ON baseline_measurements (account_id, measured_at DESC);
CREATE INDEX sessions_account_created_idx ON sessions (account_id, created_at);
