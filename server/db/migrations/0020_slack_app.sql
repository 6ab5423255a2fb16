-- The Slack app (SPEC §15): escalation messages posted with the account's bot carry a Claim button,
-- and Slack posts the click back to us signed with the app's signing secret. Every table carries
-- account_id, so security.sql puts each under the tenant policy; the interaction endpoint finds the
-- account by the Slack workspace on the system path before anything else is read.

-- One Slack app per account. The signing secret and the bot token are sealed with the application's
-- secret box (bound to the account and the column), never stored in clear and never sent back.
-- team_id and app_id come from auth.test when the token is saved.
CREATE TABLE slack_apps (
  account_id uuid PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  team_id varchar(32) NOT NULL,
  team_name text NOT NULL DEFAULT '',
  app_id varchar(32),
  bot_user_id varchar(32),
  channel varchar(100) NOT NULL,
  signing_secret_encrypted text NOT NULL,
  bot_token_encrypted text NOT NULL,
  bot_token_hint varchar(8) NOT NULL,
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- Not unique: two accounts may install the same app; the signature decides which one a click is for.
CREATE INDEX slack_apps_team_idx ON slack_apps (team_id);

-- The escalation messages the bot posted, so a claim (from Slack or from the web) can update them.
CREATE TABLE slack_messages (
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  handoff_id uuid NOT NULL REFERENCES handoffs(id) ON DELETE CASCADE,
  delivery_id uuid REFERENCES deliveries(id) ON DELETE SET NULL,
  channel_id varchar(32) NOT NULL,
  ts varchar(32) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, channel_id, ts)
);
CREATE INDEX slack_messages_handoff_idx ON slack_messages (account_id, handoff_id);

-- Signatures of interaction requests already accepted, until their timestamp is too old to pass
-- anyway: a replayed request finds its signature here (the primary key decides, across processes).
CREATE TABLE slack_interaction_receipts (
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  signature varchar(100) NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (account_id, signature)
);
CREATE INDEX slack_interaction_receipts_expiry_idx ON slack_interaction_receipts (expires_at);

-- Bot messages go through the outbox like every other message (lease, retries, log, retry button).
-- They are `slack` rows without a channel row: `slack_action` says whether the row posts the
-- escalation message or updates the posted ones after a claim or release. A separate column (rather
-- than a new `channel` value) leaves the channel CHECK constraint to other migrations.
ALTER TABLE deliveries ADD COLUMN slack_action varchar(16) CHECK (slack_action IN ('post', 'update'));
ALTER TABLE deliveries ADD CONSTRAINT deliveries_slack_app_rows_check
  CHECK (slack_action IS NULL OR (channel = 'slack' AND channel_id IS NULL));
-- An update waits while a post of its handoff is still unsent (the message it must change has no ts yet).
CREATE INDEX deliveries_slack_posts_open_idx ON deliveries (account_id, event_id)
  WHERE slack_action = 'post' AND status IN ('pending', 'failed');
