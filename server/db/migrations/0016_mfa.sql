-- Multi-factor sign-in (SPEC §16), TOTP part. Every table carries account_id, so security.sql puts
-- each under the tenant policy; sign-in (before a tenant is known) reads them on the system path.

-- One authenticator app per user. The secret is sealed with the application's secret box (bound to
-- the account and user), never stored in clear. A row with confirmed_at NULL is an enrolment in
-- progress: it does not protect sign-in until a first code confirms it.
CREATE TABLE mfa_totp (
  user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  secret_sealed text NOT NULL,
  confirmed_at timestamptz,
  -- The 30-second step of the last code accepted: a code of this step or an earlier one is a replay.
  last_used_step bigint,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mfa_totp_account_idx ON mfa_totp (account_id);

-- Single-use recovery codes, stored only as the SHA-256 of a random 80-bit code.
CREATE TABLE mfa_recovery_codes (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  code_hash text NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mfa_recovery_codes_user_idx ON mfa_recovery_codes (user_id, code_hash);

-- The half-finished sign-in between the password and the second factor. The token is stored only as
-- its SHA-256; it is short-lived, single use (used_at) and dies after a few wrong codes.
CREATE TABLE mfa_challenges (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  failed_attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mfa_challenges_user_idx ON mfa_challenges (user_id, created_at);

-- Not tenant data (like login_attempts): every wrong second-factor code of a user (at sign-in, or
-- when confirming, disabling or renewing), counted over a window so guessing stays slow whichever
-- token or session it comes through. Written and read on the system path only (security.sql
-- revokes it from rf_app), so a refused request leaves the tenant's own rows untouched.
CREATE TABLE mfa_failures (
  id bigserial PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mfa_failures_user_idx ON mfa_failures (user_id, created_at);
