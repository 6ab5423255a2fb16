-- Passkeys (WebAuthn) as a second factor beside TOTP (SPEC §16). Both tables carry account_id, so
-- security.sql puts them under the tenant policy.

-- A user's registered passkeys. credential_id is the authenticator's id (base64url), public_key the
-- COSE key as base64url; counter is the signature counter last seen (0 for authenticators without
-- one). A credential belongs to one user: the same id cannot be registered twice for them.
CREATE TABLE mfa_passkeys (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  credential_id text NOT NULL,
  public_key text NOT NULL,
  counter bigint NOT NULL DEFAULT 0,
  transports text[] NOT NULL DEFAULT '{}',
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  UNIQUE (user_id, credential_id)
);
CREATE INDEX mfa_passkeys_account_user_idx ON mfa_passkeys (account_id, user_id);

-- A registration in progress: the challenge handed to the browser, one per user, short-lived and
-- spent (deleted) by the first answer, right or wrong.
CREATE TABLE mfa_passkey_registrations (
  user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  challenge text NOT NULL,
  expires_at timestamptz NOT NULL
);

-- The WebAuthn challenge of a sign-in's second step, bound to that step's mfa_token; cleared by the
-- first passkey answer, so each challenge is checked once.
ALTER TABLE mfa_challenges ADD COLUMN webauthn_challenge text;
