-- Password reset by email: single-use links whose token is stored only as its SHA-256.

CREATE TABLE password_resets (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  -- Set once, by the confirmation that changed the password.
  used_at timestamptz,
  -- Set when a newer link was sent, or another link of the same user was used.
  revoked_at timestamptz,
  requested_ip text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX password_resets_user_idx ON password_resets (user_id, created_at DESC);

-- Not tenant data: requests are counted per email and per client address before any account is
-- known (rate limiting), whether or not the email belongs to anyone.
CREATE TABLE password_reset_requests (
  id bigserial PRIMARY KEY,
  email text NOT NULL,
  ip text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX password_reset_requests_email_idx ON password_reset_requests (lower(email), created_at);
CREATE INDEX password_reset_requests_ip_idx ON password_reset_requests (ip, created_at);
