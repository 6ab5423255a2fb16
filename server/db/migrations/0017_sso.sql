-- Single sign-on with OpenID Connect (SPEC §16). Every table carries account_id, so security.sql puts
-- each under the tenant policy; sign-in (before a tenant is known) reads them on the system path.

-- One identity provider per account. The client secret is sealed with the application's secret box
-- (bound to the account), never stored in clear and never sent back.
CREATE TABLE sso_settings (
  account_id uuid PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  issuer_url text NOT NULL,
  client_id text NOT NULL,
  client_secret_sealed text,
  -- Members created on their first SSO sign-in get this role; never owner.
  default_role varchar(16) NOT NULL DEFAULT 'tech' CHECK (default_role IN ('admin', 'engineer', 'tech', 'viewer')),
  sso_only boolean NOT NULL DEFAULT false,
  enabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The email domains whose users sign in through the account's provider. The primary key makes a
-- domain belong to one account only across the installation: sign-in finds the account by it.
CREATE TABLE sso_domains (
  domain text PRIMARY KEY CHECK (domain = lower(domain)),
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE
);
CREATE INDEX sso_domains_account_idx ON sso_domains (account_id);

-- A sign-in on its way through the provider: state (stored as its SHA-256), the PKCE verifier and the
-- nonce, bound to the browser that started it (the SHA-256 of a random value in an HttpOnly cookie).
-- Short-lived and single use (used_at). The verifier is kept as is: it must be sent to the provider,
-- and alone it is worth nothing (the code it unlocks is single use and goes to our redirect URI only).
CREATE TABLE sso_logins (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  state_hash text NOT NULL UNIQUE,
  browser_hash text NOT NULL,
  code_verifier text NOT NULL,
  nonce text NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sso_logins_expiry_idx ON sso_logins (expires_at);
