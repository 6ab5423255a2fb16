import pg from 'pg';
import type { Database, Queryable } from './types';

pg.types.setTypeParser(20, Number);
pg.types.setTypeParser(1700, Number);

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async exec(sql: string) {
      await client.query(sql);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      const res = await client.query(sql, params);
      return { rows: res.rows as T[], rowCount: res.rowCount ?? res.rows.length };
    },
  };
}

export async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5000 });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', () => {});
  const base = wrap(pool);
  return {
    kind: 'postgres',
    ...base,
    async transaction(fn, prelude) {
      const client = await pool.connect();
      try {
        await client.query(prelude ? `BEGIN; ${prelude}` : 'BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async listen(channel, onMessage, onLost) {
      const client = new pg.Client({ connectionString: url, keepAlive: true });
      let lost = false;
      const reportLost = (err: Error) => {
        if (lost) return;
        lost = true;
        onLost?.(err);
      };
      client.on('error', reportLost);
      client.on('end', () => reportLost(new Error('listen connection ended')));
      await client.connect();
      client.on('notification', (msg) => {
        if (msg.channel === channel) onMessage(msg.payload ?? '');
      });
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      return async () => {
        lost = true; // an intentional close is not a loss
        await client.end().catch(() => {});
      };
    },
    close: () => pool.end(),
  };
}
