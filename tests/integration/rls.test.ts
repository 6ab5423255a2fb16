import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../server/db/tenant';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';
import { createTestAccount } from '../helpers/factories';

/**
 * Row-level security on its own: these queries deliberately leave out the application's
 * `account_id` filter. Only the database policy stands between tenant A and tenant B.
 */
describe(`row-level security (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  let a: { accountId: string; users: { owner: { id: string } } };
  let b: { accountId: string; users: { owner: { id: string } } };

  beforeAll(async () => {
    t = await createTestDatabase();
    a = await createTestAccount(t.db, { owner: 'owner' }, 'Tenant A');
    b = await createTestAccount(t.db, { owner: 'owner' }, 'Tenant B');
  });
  afterAll(() => t.drop());

  it('runs tenant work as a role that cannot bypass RLS', async () => {
    const { rows } = await withTenant(t.db, a.accountId, (tx) =>
      tx.query<{ role: string; bypass: boolean; su: boolean }>(
        `SELECT current_user AS role, rolbypassrls AS bypass, rolsuper AS su FROM pg_roles WHERE rolname = current_user`,
      ),
    );
    expect(rows[0]).toEqual({ role: 'rf_app', bypass: false, su: false });
  });

  it('returns none of tenant B’s rows to tenant A without any account filter', async () => {
    const users = await withTenant(t.db, a.accountId, (tx) =>
      tx.query<{ account_id: string }>('SELECT account_id FROM users'),
    );
    expect(users.rows.length).toBeGreaterThan(0);
    expect(users.rows.every((r) => r.account_id === a.accountId)).toBe(true);
    const accounts = await withTenant(t.db, a.accountId, (tx) =>
      tx.query<{ id: string }>('SELECT id FROM accounts'),
    );
    expect(accounts.rows.map((r) => r.id)).toEqual([a.accountId]);
    const audit = await withTenant(t.db, a.accountId, (tx) =>
      tx.query('SELECT * FROM audit_log WHERE account_id = $1', [b.accountId]),
    );
    expect(audit.rows).toHaveLength(0);
  });

  it('refuses to insert a row for tenant B while scoped to tenant A', async () => {
    await expect(
      withTenant(t.db, a.accountId, (tx) =>
        tx.query(`INSERT INTO audit_log (account_id, action, target_type) VALUES ($1, 'x', 'y')`, [
          b.accountId,
        ]),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('cannot move a row into another tenant or touch B’s rows by update', async () => {
    await expect(
      withTenant(t.db, a.accountId, (tx) => tx.query(`UPDATE users SET account_id = $1`, [b.accountId])),
    ).rejects.toThrow(/row-level security/);
    const res = await withTenant(t.db, a.accountId, (tx) =>
      tx.query(`UPDATE users SET name = 'hijacked' WHERE id = $1 RETURNING id`, [b.users.owner.id]),
    );
    expect(res.rowCount).toBe(0);
  });

  it('sees nothing at all when no tenant is set', async () => {
    const rows = await t.db.transaction(async (tx) => {
      await tx.query(`SELECT set_config('role', 'rf_app', true)`);
      return (await tx.query('SELECT id FROM users')).rows;
    });
    expect(rows).toHaveLength(0);
  });

  it('the resolved-session search function keeps to the transaction’s account, and to none when unset', async () => {
    const resolved = async (accountId: string, userId: string) => {
      const id = crypto.randomUUID();
      await withTenant(t.db, accountId, (tx) =>
        tx.query(
          `INSERT INTO sessions (id, account_id, user_id, status, intake, problem_summary, problem_domain, root_cause, knowledge, resolved_at)
           VALUES ($1, $2, $3, 'resolved', '{"problem":"plotter banding"}', 'Plotter banding', 'printing', 'Worn print head', to_tsvector('english', 'plotter banding worn head'), now())`,
          [id, accountId, userId],
        ),
      );
      return id;
    };
    const mine = await resolved(a.accountId, a.users.owner.id);
    const theirs = await resolved(b.accountId, b.users.owner.id);
    const search = `SELECT id FROM search_resolved_sessions(to_tsquery('english', 'plotter & banding'), 10, 100)`;
    const asA = await withTenant(t.db, a.accountId, (tx) => tx.query<{ id: string }>(search));
    expect(asA.rows.map((r) => r.id)).toEqual([mine]);
    expect(asA.rows.map((r) => r.id)).not.toContain(theirs);
    // The app role with no account set (as after a transaction ends) finds nothing.
    const unset = await t.db.transaction(
      (tx) => tx.query(search),
      "SELECT set_config('role', 'rf_app', true)",
    );
    expect(unset.rows).toHaveLength(0);
  });

  it('the account-knowledge search function keeps to the transaction’s account, and to none when unset', async () => {
    const save = (accountId: string, id: string, kind: 'article' | 'runbook') =>
      withTenant(t.db, accountId, (tx) =>
        kind === 'article'
          ? tx.query(
              `INSERT INTO knowledge_articles (id, account_id, title, body, origin, content_hash, knowledge)
               VALUES ($1::uuid, $2::uuid, 'Plotter banding', 'Replace the worn head', 'written', md5($1::text) || md5($2::text), to_tsvector('english', 'plotter banding worn head'))`,
              [id, accountId],
            )
          : tx.query(
              `INSERT INTO knowledge_runbooks (account_id, id, title, domain, document, origin, content_hash, knowledge)
               VALUES ($1::uuid, $2::text, 'Plotter banding', 'printing', '{}', 'written', md5($2::text), to_tsvector('english', 'plotter banding'))`,
              [accountId, id],
            ),
      );
    const mine = crypto.randomUUID();
    await save(a.accountId, mine, 'article');
    await save(b.accountId, crypto.randomUUID(), 'article');
    await save(a.accountId, 'plotter-a', 'runbook');
    await save(b.accountId, 'plotter-b', 'runbook');
    const search = `SELECT kind, id FROM search_account_knowledge(to_tsquery('english', 'plotter & banding'), 10, 100)`;
    const asA = await withTenant(t.db, a.accountId, (tx) => tx.query<{ kind: string; id: string }>(search));
    expect(asA.rows.map((r) => `${r.kind}:${r.id}`).sort()).toEqual([`article:${mine}`, 'runbook:plotter-a']);
    const unset = await t.db.transaction(
      (tx) => tx.query(search),
      "SELECT set_config('role', 'rf_app', true)",
    );
    expect(unset.rows).toHaveLength(0);
  });

  it('forces RLS on every table that carries account_id', async () => {
    const { rows } = await t.db.query<{ relname: string; forced: boolean; enabled: boolean }>(
      `SELECT c.relname, c.relforcerowsecurity AS forced, c.relrowsecurity AS enabled
       FROM pg_class c JOIN information_schema.columns col ON col.table_name = c.relname AND col.column_name = 'account_id'
       WHERE col.table_schema = 'public' AND c.relkind = 'r'`,
    );
    expect(rows.length).toBeGreaterThan(4);
    for (const r of rows) expect(r, r.relname).toMatchObject({ forced: true, enabled: true });
  });
});
