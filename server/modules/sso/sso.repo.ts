import type { Role } from '../../../shared/roles';
import type { Queryable } from '../../db/types';
import type { SsoDefaultRole } from './sso.schemas';

export type SsoSettingsRow = {
  account_id: string;
  issuer_url: string;
  client_id: string;
  client_secret_sealed: string | null;
  default_role: SsoDefaultRole;
  sso_only: boolean;
  enabled: boolean;
};

export async function findSettings(q: Queryable, accountId: string) {
  const { rows } = await q.query<SsoSettingsRow>(`SELECT * FROM sso_settings WHERE account_id = $1`, [
    accountId,
  ]);
  return rows[0];
}

export async function listDomains(q: Queryable, accountId: string) {
  const { rows } = await q.query<{ domain: string }>(
    `SELECT domain FROM sso_domains WHERE account_id = $1 ORDER BY domain`,
    [accountId],
  );
  return rows.map((r) => r.domain);
}

export async function upsertSettings(
  q: Queryable,
  s: Omit<SsoSettingsRow, 'client_secret_sealed'> & { client_secret_sealed: string | null | undefined },
  now: Date,
) {
  // `undefined` keeps the stored secret; null forgets it.
  await q.query(
    `INSERT INTO sso_settings (account_id, issuer_url, client_id, client_secret_sealed, default_role, sso_only, enabled, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
     ON CONFLICT (account_id) DO UPDATE SET issuer_url = EXCLUDED.issuer_url, client_id = EXCLUDED.client_id,
       client_secret_sealed = CASE WHEN $9 THEN sso_settings.client_secret_sealed ELSE EXCLUDED.client_secret_sealed END,
       default_role = EXCLUDED.default_role, sso_only = EXCLUDED.sso_only, enabled = EXCLUDED.enabled,
       updated_at = EXCLUDED.updated_at`,
    [
      s.account_id,
      s.issuer_url,
      s.client_id,
      s.client_secret_sealed ?? null,
      s.default_role,
      s.sso_only,
      s.enabled,
      now,
      s.client_secret_sealed === undefined,
    ],
  );
}

/**
 * Makes `domains` the account's list. Returns the new domains that could not be added because
 * another account holds them (the primary key decides, so two admins saving at once cannot both win);
 * the caller then rolls back. Under row-level security the other account's row stays invisible.
 */
export async function replaceDomains(q: Queryable, accountId: string, domains: string[]) {
  const before = new Set(await listDomains(q, accountId));
  await q.query(`DELETE FROM sso_domains WHERE account_id = $1 AND NOT (domain = ANY($2::text[]))`, [
    accountId,
    domains,
  ]);
  const heldElsewhere: string[] = [];
  for (const domain of domains) {
    if (before.has(domain)) continue;
    const { rows } = await q.query(
      `INSERT INTO sso_domains (domain, account_id) VALUES ($1, $2) ON CONFLICT (domain) DO NOTHING RETURNING domain`,
      [domain, accountId],
    );
    if (rows.length === 0) heldElsewhere.push(domain);
  }
  return heldElsewhere;
}

// ---- System path (sign-in, before a tenant is known; and the installation-wide domain check) ----

/** The enabled settings of the account that holds `domain`. */
export async function findEnabledByDomain(q: Queryable, domain: string) {
  const { rows } = await q.query<SsoSettingsRow>(
    `SELECT s.* FROM sso_domains d JOIN sso_settings s ON s.account_id = d.account_id
     WHERE d.domain = $1 AND s.enabled`,
    [domain],
  );
  return rows[0];
}

export async function accountHoldsDomain(q: Queryable, accountId: string, domain: string) {
  const { rows } = await q.query(`SELECT 1 FROM sso_domains WHERE account_id = $1 AND domain = $2`, [
    accountId,
    domain,
  ]);
  return rows.length > 0;
}

/** Whether password sign-in is refused for members of this account (see ssoOnlyRefusal). */
export async function accountIsSsoOnly(q: Queryable, accountId: string) {
  const { rows } = await q.query(
    `SELECT 1 FROM sso_settings WHERE account_id = $1 AND enabled AND sso_only`,
    [accountId],
  );
  return rows.length > 0;
}

export type SsoLoginRow = {
  id: string;
  account_id: string;
  browser_hash: string;
  code_verifier: string;
  nonce: string;
  expires_at: Date;
  used_at: Date | null;
};

export async function insertLogin(
  q: Queryable,
  l: Omit<SsoLoginRow, 'used_at'> & { state_hash: string },
  now: Date,
) {
  await q.query(
    `INSERT INTO sso_logins (id, account_id, state_hash, browser_hash, code_verifier, nonce, expires_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [l.id, l.account_id, l.state_hash, l.browser_hash, l.code_verifier, l.nonce, l.expires_at, now],
  );
  // Spent and expired attempts are of no further use: the table stays small.
  await q.query(`DELETE FROM sso_logins WHERE expires_at < $1`, [new Date(now.getTime() - 86_400_000)]);
}

export async function findLoginByState(q: Queryable, stateHash: string) {
  const { rows } = await q.query<SsoLoginRow>(`SELECT * FROM sso_logins WHERE state_hash = $1`, [stateHash]);
  return rows[0];
}

/** Marks the attempt used; false when another request spent it first. */
export async function spendLogin(q: Queryable, id: string, now: Date) {
  const { rows } = await q.query(
    `UPDATE sso_logins SET used_at = $2 WHERE id = $1 AND used_at IS NULL RETURNING id`,
    [id, now],
  );
  return rows.length > 0;
}

export type SsoUserRow = {
  id: string;
  account_id: string;
  email: string;
  role: Role;
  is_active: boolean;
  deleted_at: Date | null;
};

/** The user with this email in any account (emails are unique across the installation). */
export async function findUserByEmail(q: Queryable, email: string) {
  const { rows } = await q.query<SsoUserRow>(
    `SELECT id, account_id, email, role, is_active, deleted_at FROM users WHERE lower(email) = lower($1)`,
    [email],
  );
  return rows[0];
}

export async function insertUser(
  q: Queryable,
  u: { id: string; accountId: string; email: string; name: string; role: Role },
  now: Date,
) {
  await q.query(
    `INSERT INTO users (id, account_id, email, name, role, password_hash, created_at)
     VALUES ($1, $2, $3, $4, $5, NULL, $6)`,
    [u.id, u.accountId, u.email, u.name, u.role, now],
  );
}

export async function touchLastLogin(q: Queryable, userId: string, now: Date) {
  await q.query(`UPDATE users SET last_login_at = $2 WHERE id = $1`, [userId, now]);
}
