import type { Database, Queryable } from './types';

/** The role every tenant query runs as: NOLOGIN, NOBYPASSRLS, so row-level security always applies. */
export const APP_ROLE = 'rf_app';

/**
 * Runs `fn` in a transaction scoped to one account: the role is switched to the RLS-bound app role
 * and `app.account_id` is set for this transaction only. Both settings vanish at commit/rollback.
 * That is also what makes a transaction-mode pooler (PgBouncer) safe: the next client handed the same
 * server connection, maybe another tenant's, inherits neither (a plain `SET` would outlive the commit).
 */
export function withTenant<T>(
  db: Database,
  accountId: string,
  fn: (tx: Queryable) => Promise<T>,
): Promise<T> {
  // Sent with BEGIN in one round trip, so it cannot take parameters: the id is checked to be a UUID.
  if (!UUID.test(accountId)) throw new Error('withTenant needs an account UUID');
  return db.transaction(
    fn,
    `SELECT set_config('role', '${APP_ROLE}', true), set_config('app.account_id', '${accountId}', true)`,
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The one explicit path for work that is cross-tenant by nature (login by email, resolving a session
 * cookie or API token to its account, migrations, outbox workers). Runs as the connection's own role,
 * which must be the schema owner with BYPASSRLS (or a superuser). Every caller names its purpose so
 * the places that step outside tenancy can be found with one search.
 */
export function asSystem<T>(
  db: Database,
  _purpose: 'auth' | 'migrate' | 'worker' | 'seed' | 'cli' | 'health' | 'vapid-keys',
  fn: (q: Queryable) => Promise<T>,
): Promise<T> {
  return fn(db);
}
