-- Escalation policy (SPEC §8): one editable policy per account, snapshotted onto each escalation.
-- Row-level security is added by security.sql because the table carries account_id.

CREATE TABLE escalation_policies (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL UNIQUE REFERENCES accounts(id) ON DELETE CASCADE,
  -- Ordered [{after_minutes, notify: [role | user id], channels}]; after_minutes is the wait after the previous level.
  levels jsonb NOT NULL CHECK (jsonb_typeof(levels) = 'array' AND jsonb_array_length(levels) BETWEEN 1 AND 10),
  repeat integer NOT NULL DEFAULT 0 CHECK (repeat BETWEEN 0 AND 10),
  catch_all jsonb CHECK (catch_all IS NULL OR jsonb_typeof(catch_all) = 'object'),
  p1_factor numeric(4, 3) NOT NULL DEFAULT 0.5 CHECK (p1_factor >= 0.1 AND p1_factor <= 1),
  claim_timeout_minutes integer CHECK (claim_timeout_minutes IS NULL OR claim_timeout_minutes BETWEEN 1 AND 1440),
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The policy in force when the handoff escalated; later edits leave in-flight escalations alone.
ALTER TABLE handoffs ADD COLUMN policy jsonb;
-- Claim timeout: when the next reminder is due, and how many were sent for the current claim
-- (0 none, 1 the claimer was reminded, 2 the admins were told).
ALTER TABLE handoffs ADD COLUMN claim_reminder_at timestamptz;
ALTER TABLE handoffs ADD COLUMN claim_reminders_sent smallint NOT NULL DEFAULT 0 CHECK (claim_reminders_sent BETWEEN 0 AND 2);

-- The policy worker scans only what may be due (system path, every account).
CREATE INDEX handoffs_policy_due_idx ON handoffs (next_fire_at)
  WHERE next_fire_at IS NOT NULL AND intent = 'escalate' AND claimed_by IS NULL AND resolved_at IS NULL;
CREATE INDEX handoffs_claim_reminder_due_idx ON handoffs (claim_reminder_at)
  WHERE claim_reminder_at IS NOT NULL AND claimed_by IS NOT NULL AND resolved_at IS NULL;
