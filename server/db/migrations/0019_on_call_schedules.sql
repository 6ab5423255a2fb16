-- On-call schedules (SPEC §15). Every table carries account_id, so security.sql puts it under the
-- tenant policy.

-- A schedule: its IANA time zone and its layers (highest first) as one JSON document, validated by
-- the schedules module on write. Members inside the layers are user ids; who still qualifies is
-- checked when the schedule is resolved. calendar_token_hash is the SHA-256 of the private
-- iCalendar feed's token (null until an admin creates the link).
CREATE TABLE schedules (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name text NOT NULL,
  time_zone text NOT NULL,
  layers jsonb NOT NULL,
  calendar_token_hash text,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX schedules_account_idx ON schedules (account_id, name);

-- "Sam covers Tue 18:00 – Wed 08:00": an override beats every layer while it lasts.
CREATE TABLE schedule_overrides (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  schedule_id uuid NOT NULL REFERENCES schedules(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at)
);
-- Resolution reads the overrides still running or starting within a window after a moment.
CREATE INDEX schedule_overrides_window_idx ON schedule_overrides (schedule_id, ends_at, starts_at);

-- Round-robin levels of an escalation policy: who was paged last, per account and level, so the
-- next escalation goes to the next senior in the rotation.
CREATE TABLE round_robin_cursors (
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  rotation_key text NOT NULL,
  last_user_id uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, rotation_key)
);

-- Who the last fired stage of an escalation paged, and why ("on call, Primary"), for the queue card
-- and the handoff screen.
ALTER TABLE handoffs ADD COLUMN paged jsonb NOT NULL DEFAULT '[]';
