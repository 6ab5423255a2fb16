-- Web push to members' devices (SPEC §15): the installation's VAPID key pair, each member's push
-- subscriptions (one per browser/device), their quiet hours, and `push` rows in the delivery outbox.

-- The VAPID key pair that signs every push of this installation. One row, installation-wide: push
-- services tie each subscription to the public key the browser subscribed with, so every tenant's
-- devices share it. No account_id, hence no tenant policy: security.sql revokes it from the app role,
-- and only the system path (server/modules/push/vapid-keys.ts) reads it. The private key is sealed.
CREATE TABLE vapid_keys (
  id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  public_key text NOT NULL,
  private_key_sealed text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A device that opted in. The endpoint is the push service's URL for this browser; keys (p256dh and
-- auth, which encrypt the payload for it) are sealed. A browser has one endpoint per origin: when
-- another member of the account subscribes the same browser, the row moves to them.
CREATE TABLE push_subscriptions (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  endpoint text NOT NULL,
  keys_sealed text NOT NULL,
  label text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  last_sent_at timestamptz,
  UNIQUE (account_id, endpoint)
);
CREATE INDEX push_subscriptions_user_idx ON push_subscriptions (account_id, user_id);

-- A member's quiet hours: pushes are held back between from and to (minutes after midnight in the
-- member's time zone; from > to spans midnight), except for P1 escalations.
CREATE TABLE push_quiet_hours (
  user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  time_zone text NOT NULL,
  from_minute smallint NOT NULL CHECK (from_minute BETWEEN 0 AND 1439),
  to_minute smallint NOT NULL CHECK (to_minute BETWEEN 0 AND 1439),
  updated_at timestamptz NOT NULL
);

-- Outbox rows of kind `push` (recipient = the subscription id). The allowed kinds are extended in
-- place rather than restated, so a kind another migration of the same release added is kept.
DO $$
DECLARE
  def text;
BEGIN
  SELECT pg_get_constraintdef(oid) INTO def FROM pg_constraint
  WHERE conrelid = 'deliveries'::regclass AND conname = 'deliveries_channel_check';
  IF def IS NULL THEN
    RAISE EXCEPTION 'deliveries_channel_check not found';
  END IF;
  IF position('''push''' IN def) = 0 THEN
    IF position('ARRAY[' IN def) = 0 THEN
      RAISE EXCEPTION 'unexpected form of deliveries_channel_check: %', def;
    END IF;
    ALTER TABLE deliveries DROP CONSTRAINT deliveries_channel_check;
    EXECUTE 'ALTER TABLE deliveries ADD CONSTRAINT deliveries_channel_check '
      || replace(def, 'ARRAY[', 'ARRAY[''push''::character varying, ');
  END IF;
END $$;
