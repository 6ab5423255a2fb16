-- Delivery workers over the `deliveries` outbox, channel display data, and the development mail outbox.

-- A worker leases due rows (SKIP LOCKED) for a while; a crashed worker's lease runs out and another
-- worker retries the row. The token tells a worker whether the row is still its own before it sends.
ALTER TABLE deliveries ADD COLUMN leased_until timestamptz;
ALTER TABLE deliveries ADD COLUMN lease_token uuid;
CREATE INDEX deliveries_channel_idx ON deliveries (channel_id) WHERE channel_id IS NOT NULL;
CREATE INDEX deliveries_status_idx ON deliveries (account_id, status, created_at DESC);

-- What the settings page and the delivery log may show of a channel's target without decrypting it
-- (e.g. https://hooks.slack.com/…/XXXX): the full URL embeds the credential.
ALTER TABLE notification_channels ADD COLUMN target_masked text NOT NULL DEFAULT '';

-- Mail "sent" without an SMTP server outside production: viewable by the account's admins.
CREATE TABLE dev_outbox (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  delivery_id uuid REFERENCES deliveries(id) ON DELETE SET NULL,
  message_id text NOT NULL,
  from_address text NOT NULL,
  to_addresses text NOT NULL,
  subject text NOT NULL,
  text_body text NOT NULL,
  html_body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- A retried delivery of the same message is stored once, like a receiving server deduplicating by Message-ID.
CREATE UNIQUE INDEX dev_outbox_message_idx ON dev_outbox (account_id, message_id);
CREATE INDEX dev_outbox_account_idx ON dev_outbox (account_id, created_at DESC);
