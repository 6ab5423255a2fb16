-- Analytics: the claimer's first action is recorded on the handoff when it happens, so the metrics
-- read one table instead of searching a million steps; and the manual baseline measurements.
ALTER TABLE handoffs ADD COLUMN first_action_at timestamptz;
CREATE INDEX handoffs_escalations_created_idx ON handoffs (account_id, created_at) WHERE intent = 'escalate';

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
