import type { Database } from '../db/types';
import type { Logger } from '../lib/logger';
import { ACCESS_CHANNEL } from '../modules/auth/access-changes.repo';

type Recheck = () => void;

const RETRY_MS = [250, 500, 1000, 2000, 5000];

/**
 * Hears "this user's access changed" (NOTIFY on ACCESS_CHANNEL, sent by whichever server process
 * revoked a session or token, deactivated the user or changed their role) and asks this process's
 * live streams of that user to re-check their credential. The announcement carries only the user id:
 * each stream reads the truth back from the database, so a lost or duplicated notification can never
 * grant anything.
 *
 * It listens only while this process holds at least one stream, so tests and processes without
 * streams keep no extra connection. When the listening connection dies every stream re-checks (a
 * change may have been announced meanwhile) and listening resumes with backoff; the heartbeat-time
 * re-check of each stream is the backstop behind all of this.
 */
export class AccessWatch {
  private readonly byUser = new Map<string, Set<Recheck>>();
  private unlisten: (() => Promise<void>) | undefined;
  // Listening and unlistening run one at a time, in order, so a stream opening while the last one
  // closes never leaves two listeners or none.
  private chain: Promise<void> = Promise.resolve();
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
  ) {}

  /** True while announcements can be heard (for tests and diagnostics). */
  get listening() {
    return this.unlisten !== undefined;
  }

  /** Calls `recheck` whenever `userId`'s access may have changed. Resolves once listening (or after a failed try). */
  async watch(userId: string, recheck: Recheck): Promise<() => void> {
    let set = this.byUser.get(userId);
    if (!set) this.byUser.set(userId, (set = new Set()));
    set.add(recheck);
    await this.reconcile();
    return () => {
      set.delete(recheck);
      if (set.size === 0 && this.byUser.get(userId) === set) this.byUser.delete(userId);
      if (this.byUser.size === 0) void this.reconcile();
    };
  }

  private reconcile(): Promise<void> {
    this.chain = this.chain.then(() => this.listenWhileNeeded()).catch(() => {});
    return this.chain;
  }

  private async listenWhileNeeded() {
    const needed = this.byUser.size > 0;
    if (!needed && this.unlisten) {
      const unlisten = this.unlisten;
      this.unlisten = undefined;
      clearTimeout(this.retryTimer);
      await unlisten();
      return;
    }
    if (!needed || this.unlisten) return;
    try {
      this.unlisten = await this.db.listen(
        ACCESS_CHANNEL,
        (userId) => this.announce(userId),
        (err) => this.lost(err),
      );
      if (this.failures > 0) this.recheckAll(); // changes announced while we were deaf
      this.failures = 0;
    } catch (err) {
      this.retryLater(err as Error);
    }
  }

  private announce(userId: string) {
    for (const recheck of this.byUser.get(userId) ?? []) recheck();
  }

  private recheckAll() {
    for (const set of this.byUser.values()) for (const recheck of set) recheck();
  }

  private lost(err: Error) {
    this.unlisten = undefined;
    this.logger.warn('access listener lost its connection; streams re-check and it reconnects', {
      error: err.message,
    });
    this.recheckAll();
    this.retryLater(err);
  }

  private retryLater(err: Error) {
    const wait = RETRY_MS[Math.min(this.failures, RETRY_MS.length - 1)]!;
    this.failures++;
    this.logger.warn('access listener cannot listen; retrying', { error: err.message, retry_in_ms: wait });
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.reconcile(), wait);
    this.retryTimer.unref();
  }
}

const watches = new WeakMap<Database, AccessWatch>();

/**
 * The one watch of this process for `db`. Kept beside the database rather than in the composition
 * root because it starts and stops itself with the streams that need it.
 */
export function accessWatchFor(db: Database, logger: Logger): AccessWatch {
  let watch = watches.get(db);
  if (!watch) watches.set(db, (watch = new AccessWatch(db, logger)));
  return watch;
}
