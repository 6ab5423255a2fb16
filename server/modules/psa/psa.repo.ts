import type { Queryable } from '../../db/types';

import type { PsaProviderName } from './provider';

/** What the settings page may see: never the sealed key columns. Fields of other providers are null. */
export type PsaConnectionRow = {
  provider: PsaProviderName;
  enabled: boolean;
  /** ConnectWise site, or HaloPSA resource server. */
  site_url: string | null;
  company_id: string | null;
  public_key_hint: string | null;
  /** ConnectWise integration client id, or HaloPSA API application client id. */
  client_id: string | null;
  auth_url: string | null;
  tenant: string | null;
  username: string | null;
  has_secret: boolean;
  note_type: string | null;
  escalated_status: string | null;
  resolved_status: string | null;
  resolution_note_visibility: 'internal' | 'customer';
  post_time_entry: boolean;
  last_test_at: Date | null;
  last_test_ok: boolean | null;
  last_test_error: string | null;
  created_at: Date;
  updated_at: Date;
};

/** For the PSA calls only: adds the sealed secrets. */
export type PsaConnectionSecretsRow = PsaConnectionRow & {
  public_key_encrypted: string | null;
  private_key_encrypted: string | null;
  secret_encrypted: string | null;
  integration_code_encrypted: string | null;
};

const PUBLIC_COLUMNS = `provider, enabled, site_url, company_id, public_key_hint, client_id, auth_url, tenant, username,
  secret_encrypted IS NOT NULL AS has_secret, note_type, escalated_status, resolved_status,
  resolution_note_visibility, post_time_entry, last_test_at, last_test_ok, last_test_error, created_at, updated_at`;

export async function findConnection(tx: Queryable, accountId: string) {
  const { rows } = await tx.query<PsaConnectionRow>(
    `SELECT ${PUBLIC_COLUMNS} FROM psa_connections WHERE account_id = $1`,
    [accountId],
  );
  return rows[0];
}

export async function findConnectionSecrets(tx: Queryable, accountId: string) {
  const { rows } = await tx.query<PsaConnectionSecretsRow>(
    `SELECT ${PUBLIC_COLUMNS}, public_key_encrypted, private_key_encrypted, secret_encrypted, integration_code_encrypted
     FROM psa_connections WHERE account_id = $1`,
    [accountId],
  );
  return rows[0];
}

/**
 * Every column a save writes. Fields the chosen provider does not use are null (a switch forgets the
 * old provider's credentials); a sealed value left null on an update of the same provider keeps the
 * stored one (the service decides, see `saveConnection`).
 */
export type ConnectionValues = {
  provider: PsaProviderName;
  enabled: boolean;
  siteUrl: string | null;
  companyId: string | null;
  clientId: string | null;
  authUrl: string | null;
  tenant: string | null;
  username: string | null;
  publicKeyEncrypted: string | null;
  publicKeyHint: string | null;
  privateKeyEncrypted: string | null;
  secretEncrypted: string | null;
  integrationCodeEncrypted: string | null;
  noteType: string | null;
  escalatedStatus: string | null;
  resolvedStatus: string | null;
  resolutionNoteVisibility: 'internal' | 'customer';
  postTimeEntry: boolean;
  updatedBy: string;
  /** The provider or its credentials changed: the last "test connection" result no longer applies. */
  credentialsChanged: boolean;
  /** Same provider as stored: sealed values left null keep the stored ones. */
  keepSecrets: boolean;
};

/** Creates or replaces the account's connection. A first save must carry the secrets (the service checks). */
export async function upsertConnection(tx: Queryable, accountId: string, v: ConnectionValues, now: Date) {
  // Secrets left out keep the stored ones (NOT NULL checks run before ON CONFLICT, so fill them in here).
  const kept = (column: string, param: string) =>
    `CASE WHEN $22 THEN COALESCE(${param}, (SELECT ${column} FROM psa_connections WHERE account_id = $1)) ELSE ${param} END`;
  await tx.query(
    `INSERT INTO psa_connections (account_id, provider, enabled, site_url, company_id, client_id, auth_url, tenant, username,
       public_key_encrypted, public_key_hint, private_key_encrypted, secret_encrypted, integration_code_encrypted, note_type,
       escalated_status, resolved_status, resolution_note_visibility, post_time_entry, updated_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,
             ${kept('public_key_encrypted', '$10')}, ${kept('public_key_hint', '$11')}, ${kept('private_key_encrypted', '$12')},
             ${kept('secret_encrypted', '$13')}, ${kept('integration_code_encrypted', '$14')},
             $15, $16, $17, $18, $19, $20, $21, $21)
     ON CONFLICT (account_id) DO UPDATE SET
       provider = EXCLUDED.provider, enabled = EXCLUDED.enabled, site_url = EXCLUDED.site_url, company_id = EXCLUDED.company_id,
       client_id = EXCLUDED.client_id, auth_url = EXCLUDED.auth_url, tenant = EXCLUDED.tenant, username = EXCLUDED.username,
       public_key_encrypted = EXCLUDED.public_key_encrypted, public_key_hint = EXCLUDED.public_key_hint,
       private_key_encrypted = EXCLUDED.private_key_encrypted, secret_encrypted = EXCLUDED.secret_encrypted,
       integration_code_encrypted = EXCLUDED.integration_code_encrypted, note_type = EXCLUDED.note_type,
       escalated_status = EXCLUDED.escalated_status, resolved_status = EXCLUDED.resolved_status,
       resolution_note_visibility = EXCLUDED.resolution_note_visibility, post_time_entry = EXCLUDED.post_time_entry,
       updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at,
       -- New credentials, another site or another PSA make the last test result meaningless.
       last_test_at = CASE WHEN $23 THEN NULL ELSE psa_connections.last_test_at END,
       last_test_ok = CASE WHEN $23 THEN NULL ELSE psa_connections.last_test_ok END,
       last_test_error = CASE WHEN $23 THEN NULL ELSE psa_connections.last_test_error END`,
    [
      accountId,
      v.provider,
      v.enabled,
      v.siteUrl,
      v.companyId,
      v.clientId,
      v.authUrl,
      v.tenant,
      v.username,
      v.publicKeyEncrypted,
      v.publicKeyHint,
      v.privateKeyEncrypted,
      v.secretEncrypted,
      v.integrationCodeEncrypted,
      v.noteType,
      v.escalatedStatus,
      v.resolvedStatus,
      v.resolutionNoteVisibility,
      v.postTimeEntry,
      v.updatedBy,
      now,
      v.keepSecrets,
      v.credentialsChanged,
    ],
  );
}

/**
 * After a switch to another PSA: writes still waiting for the old one are given up with the reason
 * in the delivery log (they were meant for the old PSA, and the new one does not know its tickets).
 * Rows a worker holds right now are left to it: the worker checks the provider before it sends.
 */
export async function cancelWritesForOtherProviders(
  tx: Queryable,
  accountId: string,
  provider: PsaProviderName,
  reason: string,
  now: Date,
) {
  const { rowCount } = await tx.query(
    `UPDATE deliveries SET status = 'dead', last_error = $3
     WHERE account_id = $1 AND channel = 'psa' AND psa_provider IS DISTINCT FROM $2
       AND status IN ('pending', 'failed') AND (leased_until IS NULL OR leased_until <= $4)
     RETURNING id`,
    [accountId, provider, reason.slice(0, 1000), now],
  );
  return rowCount;
}

/** Which PSA a queued write was meant for (null on rows older than the provider column). */
export async function deliveryProvider(tx: Queryable, accountId: string, deliveryId: string) {
  const { rows } = await tx.query<{ psa_provider: PsaProviderName | null }>(
    `SELECT psa_provider FROM deliveries WHERE account_id = $1 AND id = $2`,
    [accountId, deliveryId],
  );
  return rows[0]?.psa_provider ?? null;
}

export async function recordTestResult(
  tx: Queryable,
  accountId: string,
  ok: boolean,
  error: string | null,
  now: Date,
) {
  await tx.query(
    `UPDATE psa_connections SET last_test_at = $2, last_test_ok = $3, last_test_error = $4 WHERE account_id = $1`,
    [accountId, now, ok, error],
  );
}

/** Removing the connection also forgets the member links: they belong to that PSA. */
export async function deleteConnection(tx: Queryable, accountId: string) {
  const { rowCount } = await tx.query(
    `DELETE FROM psa_connections WHERE account_id = $1 RETURNING account_id`,
    [accountId],
  );
  await tx.query(`DELETE FROM psa_member_links WHERE account_id = $1`, [accountId]);
  return rowCount === 1;
}

export type MemberLinkRow = {
  user_id: string;
  name: string;
  email: string;
  role: string;
  member_id: number | null;
  member_identifier: string | null;
  member_name: string | null;
};

/** Active members of the account with their member in the given PSA, if linked. */
export async function listMemberLinks(tx: Queryable, accountId: string, provider: PsaProviderName) {
  const { rows } = await tx.query<MemberLinkRow>(
    `SELECT u.id AS user_id, u.name, u.email, u.role, l.member_id, l.member_identifier, l.member_name
     FROM users u LEFT JOIN psa_member_links l ON l.account_id = u.account_id AND l.user_id = u.id AND l.provider = $2
     WHERE u.account_id = $1 AND u.is_active AND u.deleted_at IS NULL
     ORDER BY lower(u.name), u.id`,
    [accountId, provider],
  );
  return rows;
}

export async function findActiveUser(tx: Queryable, accountId: string, userId: string) {
  const { rows } = await tx.query<{ id: string; name: string }>(
    `SELECT id, name FROM users WHERE account_id = $1 AND id = $2 AND is_active AND deleted_at IS NULL`,
    [accountId, userId],
  );
  return rows[0];
}

export async function upsertMemberLink(
  tx: Queryable,
  accountId: string,
  userId: string,
  provider: PsaProviderName,
  m: { id: number; identifier: string; name: string },
  now: Date,
) {
  await tx.query(
    `INSERT INTO psa_member_links (account_id, user_id, provider, member_id, member_identifier, member_name, updated_at)
     VALUES ($1, $2, $7, $3, $4, $5, $6)
     ON CONFLICT (account_id, user_id, provider) DO UPDATE SET member_id = $3, member_identifier = $4, member_name = $5, updated_at = $6`,
    [accountId, userId, m.id, m.identifier.slice(0, 64), m.name.slice(0, 200), now, provider],
  );
}

export async function deleteMemberLink(
  tx: Queryable,
  accountId: string,
  userId: string,
  provider: PsaProviderName,
) {
  const { rowCount } = await tx.query(
    `DELETE FROM psa_member_links WHERE account_id = $1 AND user_id = $2 AND provider = $3 RETURNING user_id`,
    [accountId, userId, provider],
  );
  return rowCount === 1;
}

export async function findMemberLink(
  tx: Queryable,
  accountId: string,
  userId: string,
  provider: PsaProviderName,
) {
  const { rows } = await tx.query<{ member_id: number; member_identifier: string; member_name: string }>(
    `SELECT member_id, member_identifier, member_name FROM psa_member_links
     WHERE account_id = $1 AND user_id = $2 AND provider = $3`,
    [accountId, userId, provider],
  );
  return rows[0];
}
