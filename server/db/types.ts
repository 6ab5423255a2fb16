/** The minimal query surface shared by PGlite and node-postgres, so one code path serves both. */
export type QueryResult<T> = { rows: T[]; rowCount: number };

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
  /** Runs a multi-statement SQL script without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Inside `Database.transaction` only: `message` reaches this process's `onCommitted(channel)`
   * listeners right after the transaction commits, never if it rolls back.
   */
  notifyAfterCommit?(channel: string, message: unknown): void;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs `fn` in one transaction; rolls back if it throws. `prelude` is parameterless SQL run right
   * after BEGIN — on PostgreSQL in the same round trip, which every tenant transaction saves.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, prelude?: string): Promise<T>;
  /**
   * LISTEN on a channel; returns an unsubscribe function. `onLost` is called once if the listening
   * connection dies (database restart): the caller reconnects and catches up.
   */
  listen(
    channel: string,
    onMessage: (payload: string) => void,
    onLost?: (err: Error) => void,
  ): Promise<() => Promise<void>>;
  /** What this process's transactions announced with `notifyAfterCommit`, heard right after commit. */
  onCommitted(channel: string, listener: (message: unknown) => void): () => void;
  close(): Promise<void>;
  /** Embedded database only: the whole data folder as one archive (test templates, backups). */
  snapshot?(): Promise<Blob>;
  /**
   * Embedded database only: runs `fn` while no statement or transaction is in progress (they wait
   * for it), so the data folder's files can be copied as they stand (online backups).
   */
  exclusive?<T>(fn: () => Promise<T>): Promise<T>;
}
