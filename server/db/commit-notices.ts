/**
 * In-process announcements delivered when a transaction commits, the way PostgreSQL's NOTIFY is
 * delivered to other processes: a transaction queues messages with `notifyAfterCommit`, and the
 * subscribers of this process hear them right after COMMIT succeeds, never after a rollback. The
 * committing process so learns of its own changes without a round trip through LISTEN and a read.
 */
type Listener = (message: unknown) => void;

export class CommitNotices {
  private readonly listeners = new Map<string, Set<Listener>>();

  subscribe(channel: string, listener: Listener): () => void {
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(listener);
    return () => void set.delete(listener);
  }

  /** One transaction's queue: `notify` while it runs, `deliver` once it has committed. */
  queue() {
    const pending: [channel: string, message: unknown][] = [];
    return {
      notify: (channel: string, message: unknown) => void pending.push([channel, message]),
      deliver: () => {
        for (const [channel, message] of pending) {
          for (const listener of this.listeners.get(channel) ?? []) {
            // A listener's failure is its own: the transaction committed and its caller gets its answer.
            try {
              listener(message);
            } catch {
              /* the listener logs what it needs to */
            }
          }
        }
      },
    };
  }
}
