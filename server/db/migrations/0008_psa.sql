-- PSA integration (ConnectWise Manage): one connection per account, the mapping of product users to
-- PSA members, and PSA writes (ticket notes, status changes, time entries) as outbox deliveries.
-- Row-level security is added by security.sql because both tables carry account_id.

CREATE TABLE psa_connections (
  account_id uuid PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  provider varchar(32) NOT NULL DEFAULT 'connectwise' CHECK (provider IN ('connectwise')),
  enabled boolean NOT NULL DEFAULT true,
  -- e.g. https://api-na.myconnectwise.net (checked by the outbound URL guard like webhook URLs).
  site_url text NOT NULL,
  company_id varchar(64) NOT NULL,
  -- The API key pair is a credential: sealed by the application (AES-256-GCM, bound to the account
  -- and the column). Only the last characters of the public key are kept readable, for display.
  public_key_encrypted text NOT NULL,
  public_key_hint varchar(8) NOT NULL,
  private_key_encrypted text NOT NULL,
  client_id varchar(64) NOT NULL,
  -- Status names to move a ticket to (null: leave the status alone); verified by reading the ticket back.
  escalated_status varchar(100),
  resolved_status varchar(100),
  resolution_note_visibility varchar(16) NOT NULL DEFAULT 'internal' CHECK (resolution_note_visibility IN ('internal', 'customer')),
  post_time_entry boolean NOT NULL DEFAULT false,
  last_test_at timestamptz,
  last_test_ok boolean,
  last_test_error text,
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Product user ↔ PSA member: whose name time entries are booked under.
CREATE TABLE psa_member_links (
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  member_id integer NOT NULL CHECK (member_id > 0),
  member_identifier varchar(64) NOT NULL,
  member_name varchar(200) NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, user_id)
);

-- A PSA write is a delivery like any message: same lease, retries, `dead`, log and retry button.
-- `psa_action` says which write; `recipient` holds the ticket number.
ALTER TABLE deliveries DROP CONSTRAINT deliveries_channel_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_channel_check CHECK (channel IN ('email', 'slack', 'teams', 'webhook', 'psa'));
ALTER TABLE deliveries ADD COLUMN psa_action varchar(16) CHECK (psa_action IN ('note', 'status', 'time_entry'));
ALTER TABLE deliveries ADD CONSTRAINT deliveries_psa_rows_check CHECK ((channel = 'psa') = (psa_action IS NOT NULL));
-- Status changes of one ticket are applied newest-last: a write looks up the others of its ticket.
CREATE INDEX deliveries_psa_status_idx ON deliveries (account_id, recipient, event_id) WHERE channel = 'psa' AND psa_action = 'status';
