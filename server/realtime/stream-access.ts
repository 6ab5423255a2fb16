import { asSystem } from '../db/tenant';
import type { Database } from '../db/types';
import type { Logger } from '../lib/logger';
import { currentRoleOf, type StreamCredential } from '../modules/auth/access-changes.repo';
import type { Role } from '../../shared/roles';
import type { StreamConnection } from './stream-hub';

/**
 * Keeps one live stream honest about who it serves. `check()` reads the credential the stream was
 * opened with: no longer valid (signed out, revoked, expired, user deactivated) → the stream ends;
 * valid with another role → the client is told to reconnect, and gets what the new role may see.
 * Called on every access announcement for the user, at every heartbeat, and once after connecting.
 */
export class StreamAccess {
  private connection: StreamConnection | undefined;
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly deps: { db: Database; logger: Logger; clock: () => Date },
    private readonly credential: StreamCredential,
    private readonly role: Role,
  ) {}

  /** Checks run only once the stream exists; an announcement heard before is covered by the check after connecting. */
  attach(connection: StreamConnection) {
    this.connection = connection;
  }

  /** Runs one check, or folds into the one in flight (which then looks once more). */
  check(): Promise<void> {
    if (!this.connection || this.connection.closed) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop()
      // The database is unreachable: keep the stream; the next heartbeat asks again.
      .catch((err: unknown) =>
        this.deps.logger.warn('stream access re-check failed', { error: (err as Error).message }),
      )
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async loop() {
    const { db, clock } = this.deps;
    do {
      this.again = false;
      const role = await asSystem(db, 'auth', (q) => currentRoleOf(q, this.credential, clock()));
      const connection = this.connection!;
      if (connection.closed) return;
      if (role === undefined) return connection.close();
      if (role !== this.role) {
        connection.push('retry: 1000\nevent: reconnect\ndata: {}\n\n');
        return connection.close();
      }
    } while (this.again);
  }
}
