-- PSA providers (SPEC §17): ConnectWise Manage, HaloPSA and Autotask behind one connection. The
-- connection names its provider; the columns every provider shares (enabled, statuses, note choices,
-- last test) stay as they are, and each provider fills only its own connection fields. Existing rows
-- are ConnectWise connections (the column already defaulted to it).

ALTER TABLE psa_connections DROP CONSTRAINT psa_connections_provider_check;
ALTER TABLE psa_connections ADD CONSTRAINT psa_connections_provider_check
  CHECK (provider IN ('connectwise', 'halopsa', 'autotask'));

-- ConnectWise's fields are only required of ConnectWise connections now.
ALTER TABLE psa_connections ALTER COLUMN site_url DROP NOT NULL;
ALTER TABLE psa_connections ALTER COLUMN company_id DROP NOT NULL;
ALTER TABLE psa_connections ALTER COLUMN public_key_encrypted DROP NOT NULL;
ALTER TABLE psa_connections ALTER COLUMN public_key_hint DROP NOT NULL;
ALTER TABLE psa_connections ALTER COLUMN private_key_encrypted DROP NOT NULL;
ALTER TABLE psa_connections ALTER COLUMN client_id DROP NOT NULL;

-- HaloPSA: site_url is the resource server (https://acme.halopsa.com), auth_url the authorisation
-- server (https://acme.halopsa.com/auth), client_id the API application's id, tenant the hosted
-- tenant name (null on premise). Autotask: username of the API user (its zone is discovered from it).
ALTER TABLE psa_connections ADD COLUMN auth_url text;
ALTER TABLE psa_connections ADD COLUMN tenant varchar(100);
ALTER TABLE psa_connections ADD COLUMN username varchar(200);
-- Sealed by the application like the ConnectWise keys (AES-256-GCM bound to account and column):
-- HaloPSA's client secret or Autotask's secret, and Autotask's API integration code.
ALTER TABLE psa_connections ADD COLUMN secret_encrypted text;
ALTER TABLE psa_connections ADD COLUMN integration_code_encrypted text;
-- The kind of note the PSA files our notes under, chosen from what the tenant lists: a HaloPSA
-- action outcome or an Autotask note type (null: the tenant's default).
ALTER TABLE psa_connections ADD COLUMN note_type varchar(100);

ALTER TABLE psa_connections ADD CONSTRAINT psa_connections_fields_check CHECK (
  CASE provider
    WHEN 'connectwise' THEN site_url IS NOT NULL AND company_id IS NOT NULL AND client_id IS NOT NULL
      AND public_key_encrypted IS NOT NULL AND public_key_hint IS NOT NULL AND private_key_encrypted IS NOT NULL
    WHEN 'halopsa' THEN site_url IS NOT NULL AND auth_url IS NOT NULL AND client_id IS NOT NULL
      AND secret_encrypted IS NOT NULL
    WHEN 'autotask' THEN username IS NOT NULL AND secret_encrypted IS NOT NULL
      AND integration_code_encrypted IS NOT NULL
  END
);

-- Member links are marked by provider: switching PSA keeps the old links for the record, and only
-- the links of the connection's current provider book time entries.
ALTER TABLE psa_member_links ADD COLUMN provider varchar(32) NOT NULL DEFAULT 'connectwise'
  CHECK (provider IN ('connectwise', 'halopsa', 'autotask'));
ALTER TABLE psa_member_links DROP CONSTRAINT psa_member_links_pkey;
ALTER TABLE psa_member_links ADD PRIMARY KEY (account_id, user_id, provider);

-- Which PSA a write was meant for: a write queued for one provider is never sent to another (an
-- account that switched sees it cancelled in the delivery log instead).
ALTER TABLE deliveries ADD COLUMN psa_provider varchar(32)
  CHECK (psa_provider IN ('connectwise', 'halopsa', 'autotask'));
UPDATE deliveries SET psa_provider = 'connectwise' WHERE channel = 'psa';
