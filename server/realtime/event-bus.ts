import { randomUUID } from 'node:crypto';
import { asSystem } from '../db/tenant';
import type { Database } from '../db/types';
import type { Logger } from '../lib/logger';
import {
  COMMITTED_EVENTS_CHANNEL,
  EVENT_ID_PAGE,
  eventIdsAfter,
  fetchEventsByIds,
  latestEventId,
  type StreamEvent,
} from '../modules/events/events.repo';

type Listener = (event: StreamEvent) => void;

const CHANNEL = 'rf_events';
// Events already dispatched are remembered so a catch-up after a reconnect never sends one twice.
const SEEN_LIMIT = 20_000;
const RETRY_MS = [250, 500, 1000, 2000, 5000];
// Payloads of the start-up delivery check; event payloads are numeric ids, so the two never mix.
const PROBE_PREFIX = 'probe:';
const PROBE_TIMEOUT_MS = 5000;

export const LOST_NOTIFICATIONS_WARNING =
  'a notification sent through DATABASE_URL did not reach the listening connection: live updates ' +
  'from other server processes will not arrive. DATABASE_URL probably goes through a ' +
  'transaction-mode pooler (PgBouncer): set DATABASE_LISTEN_URL to a direct URL of the same database';

/**
 * The per-process fan-out of the event log. Every committed event is announced by NOTIFY (a trigger
 * on `events`), whichever process wrote it, carrying the event itself (only an oversized one is
 * announced by id and read back); this bus hands it to the subscribers of its account. An event
 * this process committed arrives first, and without any query, from the transaction itself
 * (`notifyAfterCommit`); its NOTIFY is then recognised and skipped. If the listening connection
 * dies the bus reconnects with backoff and replays what it missed from the log.
 */
export class EventBus {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly seen = new Set<number>();
  private lastId = 0;
  private pending: number[] = [];
  private flushing = false;
  private unlisten: (() => Promise<void>) | undefined;
  private stopped = false;
  private healthy = false;
  private readonly probes = new Map<string, () => void>();

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
  ) {}

  /** True while the LISTEN connection is up (reported by /readyz). */
  get connected() {
    return this.healthy;
  }

  private starting: Promise<void> | undefined;

  /** Starts listening once; later calls wait for the same start. */
  ensureStarted() {
    this.starting ??= this.start();
    return this.starting;
  }

  private async start() {
    // Right after the request's answer is written, not before it: fanning a frame out to a thousand
    // connections takes milliseconds that the committing request should not wait for. All events
    // committed meanwhile (an escalation's bell event and its own) go out in one pass, so each
    // connection gets them in one write (see `nodeSink`) instead of one write per event.
    this.stopLocal = this.db.onCommitted(COMMITTED_EVENTS_CHANNEL, (event) => {
      this.committed.push(event as StreamEvent);
      if (this.committed.length === 1) setImmediate(this.deliverCommitted);
    });
    this.lastId = await asSystem(this.db, 'worker', latestEventId);
    await this.connect(0);
    // In the background: a start must not wait up to PROBE_TIMEOUT_MS for a verdict.
    if (this.db.kind === 'postgres') void this.warnIfNotificationsAreLost();
  }

  /**
   * Sends one notification through the query pool and waits for it on the listening connection.
   * Behind a transaction-mode pooler without DATABASE_LISTEN_URL the LISTEN succeeds but hears
   * nothing, and nothing else would tell: the stream just stays silent for events written by other
   * processes. This turns that silence into one clear warning at start.
   */
  async checkDelivery(timeoutMs = PROBE_TIMEOUT_MS): Promise<boolean> {
    const probe = `${PROBE_PREFIX}${randomUUID()}`;
    let heard!: (value: boolean) => void;
    const verdict = new Promise<boolean>((resolve) => (heard = resolve));
    // Listening before sending: the notification may arrive before pg_notify's own answer does.
    this.probes.set(probe, () => heard(true));
    let timer: NodeJS.Timeout | undefined;
    try {
      await asSystem(this.db, 'health', (q) => q.query('SELECT pg_notify($1, $2)', [CHANNEL, probe]));
      // The clock starts once it was sent (committed), so a slow pool at start is no false alarm.
      timer = setTimeout(() => heard(false), timeoutMs);
      timer.unref();
      return await verdict;
    } finally {
      clearTimeout(timer);
      this.probes.delete(probe);
    }
  }

  private async warnIfNotificationsAreLost() {
    try {
      if (!(await this.checkDelivery()) && !this.stopped && this.healthy) {
        this.logger.warn(LOST_NOTIFICATIONS_WARNING);
      }
    } catch (err) {
      // The database went away meanwhile: the reconnect loop reports that; no verdict to give.
      this.logger.debug('notification delivery check failed', { error: (err as Error).message });
    }
  }

  private stopLocal: (() => void) | undefined;
  /** Events this process committed, waiting for the next turn of the loop to be fanned out. */
  private committed: StreamEvent[] = [];
  private readonly deliverCommitted = () => {
    for (const event of this.committed.splice(0)) this.deliver(event);
  };

  async stop() {
    this.stopped = true;
    this.stopLocal?.();
    await this.unlisten?.();
  }

  subscribe(accountId: string, listener: Listener): () => void {
    let set = this.listeners.get(accountId);
    if (!set) this.listeners.set(accountId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(accountId);
    };
  }

  private async connect(attempt: number): Promise<void> {
    if (this.stopped) return;
    let unlisten: (() => Promise<void>) | undefined;
    try {
      unlisten = await this.db.listen(
        CHANNEL,
        (payload) => this.heard(payload),
        (err) => {
          this.healthy = false;
          this.logger.warn('event listener lost its connection; reconnecting', { error: err.message });
          void this.connect(0);
        },
      );
      this.unlisten = unlisten;
      if (this.stopped) return void (await unlisten());
      this.healthy = true;
      if (attempt > 0 || this.lastId > 0) await this.catchUp();
    } catch (err) {
      this.healthy = false;
      // Listening but unable to catch up (the database is still coming back): drop this connection
      // before retrying, so exactly one listener and one reconnect loop remain.
      await unlisten?.();
      const wait = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]!;
      this.logger.warn('event listener cannot connect; retrying', {
        error: (err as Error).message,
        retry_in_ms: wait,
      });
      await new Promise((r) => setTimeout(r, wait));
      return this.connect(attempt + 1);
    }
  }

  /**
   * After a reconnect, reads what was committed meanwhile. Ids are allocated before commit, so a
   * slightly older id can commit after a newer one: look back a little and skip what was seen.
   */
  private async catchUp() {
    let from = Math.max(0, this.lastId - 1000);
    while (!this.stopped) {
      const ids = await asSystem(this.db, 'worker', (q) => eventIdsAfter(q, from));
      const fresh = ids.filter((id) => !this.seen.has(id));
      if (fresh.length) await this.dispatch(fresh);
      if (ids.length < EVENT_ID_PAGE) return;
      // Next page: without this a log with a full page after `from` was read again forever.
      from = ids.at(-1)!;
    }
  }

  /** One NOTIFY: a delivery probe, a whole event (JSON), or the id of an event too large to carry. */
  private heard(payload: string) {
    if (payload.startsWith(PROBE_PREFIX)) return this.probes.get(payload)?.();
    if (!payload.startsWith('{')) return this.enqueue(Number(payload));
    let event: StreamEvent;
    try {
      const raw = JSON.parse(payload) as Omit<StreamEvent, 'created_at'> & { created_at: string };
      event = { ...raw, created_at: new Date(raw.created_at) };
    } catch (err) {
      return this.logger.error('unreadable event notification', { error: (err as Error).message });
    }
    // Behind events still being read back, so a burst keeps the order in which it was announced.
    if (this.pending.length || this.flushing) this.waiting.push(event);
    else this.deliver(event);
  }

  /** Events that arrived whole while earlier ones were being read back: delivered after them. */
  private waiting: StreamEvent[] = [];

  /** Notifications by id arrive one per event; a burst is read with one query. */
  private enqueue(id: number) {
    if (!Number.isFinite(id) || this.seen.has(id)) return;
    this.pending.push(id);
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => void this.flush());
  }

  private async flush() {
    while (this.pending.length) {
      const ids = this.pending.splice(0, 500).filter((id) => !this.seen.has(id));
      try {
        await this.dispatch(ids);
      } catch (err) {
        this.logger.error('event dispatch failed', { error: (err as Error).message });
      }
    }
    this.flushing = false;
    for (const event of this.waiting.splice(0)) this.deliver(event);
  }

  /**
   * Delivers announced events in id order, reading back only those this process does not hold. An
   * event too large for its NOTIFY is announced by id, and the embedded database announces it during
   * the COMMIT itself, before the transaction hands this process its events (`onCommitted`): without
   * this, each such event of its own was read back from the database before its fan-out.
   */
  private async dispatch(ids: number[]) {
    if (ids.length === 0) return;
    const own = new Map(this.committed.map((e) => [e.id, e]));
    const missing = ids.filter((id) => !own.has(id));
    const read = missing.length ? await asSystem(this.db, 'worker', (q) => fetchEventsByIds(q, missing)) : [];
    const events = [...read, ...ids.flatMap((id) => own.get(id) ?? [])].sort((a, b) => a.id - b.id);
    for (const event of events) this.deliver(event);
  }

  /** Hands one event to its account's subscribers, once, however many ways it arrived. */
  private deliver(event: StreamEvent) {
    if (this.seen.has(event.id)) return;
    this.remember(event.id);
    for (const listener of this.listeners.get(event.account_id) ?? []) listener(event);
  }

  private remember(id: number) {
    this.seen.add(id);
    if (id > this.lastId) this.lastId = id;
    if (this.seen.size > SEEN_LIMIT) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }
}
