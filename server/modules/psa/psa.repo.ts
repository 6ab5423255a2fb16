import type { Queryable } from '../../db/types';

/** What the settings page may see: never the sealed key columns. */
export type PsaConnectionRow = {
  provider: 'connectwise';
  enabled: boolean;
  site_url: string;
  company_id: string;
  public_key_hint: string;
  client_id: string;
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

/** For the PSA calls only: adds the sealed keys. */
export type PsaConnectionSecretsRow = PsaConnectionRow & {
  public_key_encrypted: string;
  private_key_encrypted: string;
};

const PUBLIC_COLUMNS = `provider, enabled, site_url, company_id, public_key_hint, client_id, escalated_status, resolved_status,
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
    `SELECT ${PUBLIC_COLUMNS}, public_key_encrypted, private_key_encrypted FROM psa_connections WHERE account_id = $1`,
    [accountId],
  );
  return rows[0];
}

export type ConnectionValues = {
  enabled: boolean;
  siteUrl: string;
  companyId: string;
  clientId: string;
  /** Sealed keys; null keeps the stored ones (an update that does not retype them). */
  publicKeyEncrypted: string | null;
  publicKeyHint: string | null;
  privateKeyEncrypted: string | null;
  escalatedStatus: string | null;
  resolvedStatus: string | null;
  resolutionNoteVisibility: 'internal' | 'customer';
  postTimeEntry: boolean;
  updatedBy: string;
  /** Site, company, client id or a key changed: the last "test connection" result no longer applies. */
  credentialsChanged: boolean;
};

/** Creates or replaces the account's connection. A first save must carry both keys (the service checks). */
export async function upsertConnection(tx: Queryable, accountId: string, v: ConnectionValues, now: Date) {
  await tx.query(
    `INSERT INTO psa_connections (account_id, enabled, site_url, company_id, client_id, public_key_encrypted, public_key_hint,
       private_key_encrypted, escalated_status, resolved_status, resolution_note_visibility, post_time_entry, updated_by, created_at, updated_at)
     -- Keys left out keep the stored ones (NOT NULL is checked before ON CONFLICT, so fill them in here).
     VALUES ($1, $2, $3, $4, $5,
             COALESCE($6, (SELECT public_key_encrypted FROM psa_connections WHERE account_id = $1)),
             COALESCE($7, (SELECT public_key_hint FROM psa_connections WHERE account_id = $1)),
             COALESCE($8, (SELECT private_key_encrypted FROM psa_connections WHERE account_id = $1)),
             $9, $10, $11, $12, $13, $14, $14)
     ON CONFLICT (account_id) DO UPDATE SET
       enabled = EXCLUDED.enabled, site_url = EXCLUDED.site_url, company_id = EXCLUDED.company_id, client_id = EXCLUDED.client_id,
       public_key_encrypted = EXCLUDED.public_key_encrypted, public_key_hint = EXCLUDED.public_key_hint,
       private_key_encrypted = EXCLUDED.private_key_encrypted,
       escalated_status = EXCLUDED.escalated_status, resolved_status = EXCLUDED.resolved_status,
       resolution_note_visibility = EXCLUDED.resolution_note_visibility, post_time_entry = EXCLUDED.post_time_entry,
       updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at,
       -- New credentials or another site make the last test result meaningless.
       last_test_at = CASE WHEN $15 THEN NULL ELSE psa_connections.last_test_at END,
       last_test_ok = CASE WHEN $15 THEN NULL ELSE psa_connections.last_test_ok END,
       last_test_error = CASE WHEN $15 THEN NULL ELSE psa_connections.last_test_error END`,
    [
      accountId,
      v.enabled,
      v.siteUrl,
      v.companyId,
      v.clientId,
      v.publicKeyEncrypted,
      v.publicKeyHint,
      v.privateKeyEncrypted,
      v.escalatedStatus,
      v.resolvedStatus,
      v.resolutionNoteVisibility,
      v.postTimeEntry,
      v.updatedBy,
      now,
      v.credentialsChanged,
    ],
  );
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

/** Active members of the account with their PSA member, if linked. */
export async function listMemberLinks(tx: Queryable, accountId: string) {
  const { rows } = await tx.query<MemberLinkRow>(
    `SELECT u.id AS user_id, u.name, u.email, u.role, l.member_id, l.member_identifier, l.member_name
     FROM users u LEFT JOIN psa_member_links l ON l.account_id = u.account_id AND l.user_id = u.id
     WHERE u.account_id = $1 AND u.is_active AND u.deleted_at IS NULL
     ORDER BY lower(u.name), u.id`,
    [accountId],
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
  m: { id: number; identifier: string; name: string },
  now: Date,
) {
  await tx.query(
    `INSERT INTO psa_member_links (account_id, user_id, member_id, member_identifier, member_name, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (account_id, user_id) DO UPDATE SET member_id = $3, member_identifier = $4, member_name = $5, updated_at = $6`,
    [accountId, userId, m.id, m.identifier.slice(0, 64), m.name.slice(0, 200), now],
  );
}

export async function deleteMemberLink(tx: Queryable, accountId: string, userId: string) {
  const { rowCount } = await tx.query(
    `DELETE FROM psa_member_links WHERE account_id = $1 AND user_id = $2 RETURNING user_id`,
    [accountId, userId],
  );
  return rowCount === 1;
}

export async function findMemberLink(tx: Queryable, accountId: string, userId: string) {
  const { rows } = await tx.query<{ member_id: number; member_identifier: string; member_name: string }>(
    `SELECT member_id, member_identifier, member_name FROM psa_member_links WHERE account_id = $1 AND user_id = $2`,
    [accountId, userId],
  );
  return rows[0];
}
