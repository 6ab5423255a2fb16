-- Escalation core: handoffs, the durable event log, in-app notifications, channels and the delivery outbox.

CREATE TABLE events (
  id bigserial PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  type varchar(64) NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_account_idx ON events (account_id, id);

CREATE TABLE handoffs (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  session_id uuid NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  intent varchar(16) NOT NULL CHECK (intent IN ('park', 'escalate')),
  handed_off_by uuid NOT NULL REFERENCES users(id),
  target_user_id uuid REFERENCES users(id),
  engineer_notes text NOT NULL DEFAULT '',
  priority varchar(2) NOT NULL CHECK (priority IN ('p1', 'p2', 'p3', 'p4')),
  snapshot jsonb NOT NULL,
  assessment jsonb,
  assessment_status varchar(16) NOT NULL DEFAULT 'pending' CHECK (assessment_status IN ('pending', 'ready', 'unavailable')),
  -- Lease of the background job producing the assessment: a crashed worker's lease expires.
  assessment_started_at timestamptz,
  claimed_by uuid REFERENCES users(id),
  claimed_at timestamptz,
  released_at timestamptz,
  resolved_at timestamptz,
  policy_level integer NOT NULL DEFAULT 0,
  next_fire_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- One open escalation per session: a second one races into this index and fails.
CREATE UNIQUE INDEX handoffs_one_open_escalation ON handoffs (session_id) WHERE intent = 'escalate' AND resolved_at IS NULL;
CREATE INDEX handoffs_queue_idx ON handoffs (account_id, created_at) WHERE intent = 'escalate' AND claimed_by IS NULL AND resolved_at IS NULL;
CREATE INDEX handoffs_session_idx ON handoffs (account_id, session_id, created_at);
CREATE INDEX handoffs_assessment_pending_idx ON handoffs (created_at) WHERE assessment_status = 'pending';
CREATE INDEX handoffs_claimed_idx ON handoffs (account_id, claimed_at) WHERE claimed_at IS NOT NULL;

CREATE TABLE notifications (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  event varchar(64) NOT NULL,
  title text NOT NULL,
  link text NOT NULL,
  handoff_id uuid REFERENCES handoffs(id) ON DELETE CASCADE,
  read_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notifications_user_idx ON notifications (account_id, user_id, created_at DESC);

CREATE TABLE notification_channels (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  kind varchar(16) NOT NULL CHECK (kind IN ('email', 'slack', 'teams', 'webhook')),
  name text NOT NULL,
  -- Webhook URLs and signing secrets are secrets: stored encrypted by the application.
  target_encrypted text NOT NULL,
  secret_encrypted text,
  events text[] NOT NULL DEFAULT ARRAY['handoff_created'],
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_channels_account_idx ON notification_channels (account_id) WHERE enabled;

CREATE TABLE deliveries (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  event_id bigint NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  channel varchar(16) NOT NULL CHECK (channel IN ('email', 'slack', 'teams', 'webhook')),
  channel_id uuid REFERENCES notification_channels(id) ON DELETE SET NULL,
  recipient text NOT NULL,
  status varchar(16) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'dead')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  sent_at timestamptz,
  idempotency_key text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX deliveries_due_idx ON deliveries (next_attempt_at) WHERE status IN ('pending', 'failed');
CREATE INDEX deliveries_account_idx ON deliveries (account_id, created_at DESC);
