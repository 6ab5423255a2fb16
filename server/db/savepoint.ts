import type { Queryable } from './types';

/**
 * Runs `work` inside a savepoint of the caller's transaction. If `work` (or releasing the
 * savepoint) fails, only its own writes are rolled back and `recover` decides what to return: the
 * transaction goes on. Failing to open the savepoint, or to roll back to it, still ends the
 * transaction, as the database then is in no state to continue.
 */
export async function withSavepoint<T>(
  tx: Queryable,
  name: string,
  work: () => Promise<T>,
  recover: (err: unknown) => T,
): Promise<T> {
  await tx.query(`SAVEPOINT ${name}`);
  try {
    const result = await work();
    await tx.query(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (err) {
    await tx.query(`ROLLBACK TO SAVEPOINT ${name}`);
    return recover(err);
  }
}
