import pg from 'pg';
import { CommitNotices } from './commit-notices';
import type { Database, Queryable } from './types';
import { asUnavailable } from './unavailable';

pg.types.setTypeParser(20, Number);
pg.types.setTypeParser(1700, Number);

/*
 * Safe behind a transaction-mode pooler (PgBouncer `pool_mode=transaction`, as most managed
 * PostgreSQL offers), where consecutive statements outside a transaction may run on different server
 * connections and a connection's session state is inherited by whichever client uses it next:
 * - queries pass their text each time; node-postgres then uses the unnamed prepared statement, which
 *   lives only until the next Sync. Never give a query a `name`: a named statement is prepared on one
 *   server connection and missing (or someone else's) on the next;
 * - session settings are made only with `set_config(…, true)` / `SET LOCAL` inside `transaction()`
 *   (see tenant.ts), so they end with the transaction instead of leaking into another client's work;
 * - locks are transaction-level `pg_advisory_xact_lock`, never the session-level `pg_advisory_lock`;
 * - no temporary tables, cursors WITH HOLD or session-level SET anywhere;
 * - LISTEN is the exception: it needs a session of its own that stays put, so `listen()` (the event
 *   bus, the access watch) connects with `listenUrl` (DATABASE_LISTEN_URL, direct) when one is given.
 * tests/integration/pooled-postgres.test.ts runs the server behind PgBouncer in transaction mode.
 */
function wrap(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async exec(sql: string) {
      await client.query(sql);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      const res = await client.query(sql, params).catch((err: unknown) => {
        throw asUnavailable(err);
      });
      return { rows: res.rows as T[], rowCount: res.rowCount ?? res.rows.length };
    },
  };
}

/**
 * `url` serves every query (it may go through a transaction-mode pooler); `listenUrl`, when given,
 * serves only the LISTEN connection, which must be a direct session to PostgreSQL.
 */
export async function openPostgres(
  url: string,
  poolSize: number,
  listenUrl: string = url,
): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: 5000,
    // A new PostgreSQL backend fills its catalog, foreign-key and row-level-security caches on first
    // use: an escalation on one costs 15–20 ms of statement time against 5–6 on a used one. Closed
    // after node-postgres's default 10 s idle, every escalation of a quiet helpdesk paid that; kept
    // for five minutes, they reuse warm backends (bench/escalation/first.ts with PAUSE_MS=11000).
    idleTimeoutMillis: 300_000,
  });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', () => {});
  const base = wrap(pool);
  const notices = new CommitNotices();
  return {
    kind: 'postgres',
    ...base,
    async transaction(fn, prelude) {
      const client = await pool.connect().catch((err: unknown) => {
        throw asUnavailable(err);
      });
      // A connection that dies while checked out (a database restart between two queries) emits
      // 'error', which would crash the process unheard. Note it, and have the pool discard the client.
      let broken: Error | undefined;
      const onError = (err: Error) => (broken = err);
      client.on('error', onError);
      try {
        await client.query(prelude ? `BEGIN; ${prelude}` : 'BEGIN');
        const queue = notices.queue();
        const result = await fn({ ...wrap(client), notifyAfterCommit: queue.notify });
        await client.query('COMMIT');
        queue.deliver();
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw asUnavailable(err);
      } finally {
        client.off('error', onError);
        client.release(broken);
      }
    },
    async listen(channel, onMessage, onLost) {
      // Behind a transaction-mode pooler a LISTEN through `url` would succeed and then hear nothing:
      // the pooler hands the server connection that registered it to other clients between statements.
      const client = new pg.Client({ connectionString: listenUrl, keepAlive: true });
      // Only a connection that was listening can be lost. One that fails while being set up rejects
      // instead: reporting that too would start a second reconnect loop next to the caller's retry,
      // and every failed attempt would multiply them (until the server has no connections left).
      let listening = false;
      let lost = false;
      const reportLost = (err: Error) => {
        if (!listening || lost) return;
        lost = true;
        onLost?.(err);
      };
      client.on('error', reportLost);
      client.on('end', () => reportLost(new Error('listen connection ended')));
      client.on('notification', (msg) => {
        if (msg.channel === channel) onMessage(msg.payload ?? '');
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      } catch (err) {
        await client.end().catch(() => {});
        throw err;
      }
      listening = true;
      return async () => {
        lost = true; // an intentional close is not a loss
        await client.end().catch(() => {});
      };
    },
    onCommitted: (channel, listener) => notices.subscribe(channel, listener),
    close: () => pool.end(),
  };
}
