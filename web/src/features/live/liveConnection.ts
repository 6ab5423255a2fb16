/**
 * The app's one Server-Sent Events connection, as plain TypeScript so it can be tested without React.
 *
 * The native EventSource reconnects by itself, but only while the server keeps answering 200; after a
 * 401/403/5xx it gives up for good, and it cannot back off. So every error closes the source and a new
 * one is opened after an exponential delay (1 s, 2 s, 4 s … 30 s). A new EventSource does not send
 * Last-Event-ID, so the last id seen travels as `?last_event_id=` and the server replays what we missed.
 */

import { LIVE_EVENT_TYPES, type LiveEventType, type LiveFrame } from '../../../../shared/live-events';

export type LiveStatus = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'unsupported';

/** One frame of the stream; `data` is its JSON as shared/live-events.ts describes each frame type. */
export type LiveMessage<T extends LiveEventType = LiveEventType> = {
  [K in T]: {
    type: K;
    data: LiveFrame<K>;
    /** The event-log id (`id:` line), or null for frames without one (ready, resync). */
    id: string | null;
  };
}[T];

export type LiveHandler = (message: LiveMessage) => void;

/** What one subscribes to: a frame type, or '*' for every frame. */
export type LiveSubscription = LiveEventType | '*';

/** What the connection needs from `EventSource`; the real constructor satisfies it, and so can a fake. */
export interface EventSourceLike {
  addEventListener(type: string, listener: (event: Event) => void): void;
  close(): void;
}
export type EventSourceConstructor = new (url: string) => EventSourceLike;

export const BACKOFF_MIN_MS = 1_000;
export const BACKOFF_MAX_MS = 30_000;

/** Delay before reconnect attempt `attempt` (0-based): 1 s, 2 s, 4 s, … capped at 30 s. */
export function backoffDelay(attempt: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.max(0, attempt));
}

export interface LiveConnectionOptions {
  url: string;
  EventSource: EventSourceConstructor | undefined;
  onStatus?: (status: LiveStatus) => void;
  /** Called when cached data may be stale: `ready` after a reconnect, or a `resync` frame. */
  onResync?: () => void;
}

export class LiveConnection {
  private readonly handlers = new Map<string, Set<LiveHandler>>();
  private readonly listened = new Set<string>();
  private source: EventSourceLike | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private lastEventId: string | null = null;
  private hasBeenLive = false;
  private running = false;
  private statusValue: LiveStatus = 'idle';

  private readonly options: LiveConnectionOptions;

  constructor(options: LiveConnectionOptions) {
    this.options = { ...options };
  }

  /** Replaces the status and resync callbacks (React passes fresh ones on each start). */
  setCallbacks(callbacks: Pick<LiveConnectionOptions, 'onStatus' | 'onResync'>): void {
    this.options.onStatus = callbacks.onStatus;
    this.options.onResync = callbacks.onResync;
  }

  get status(): LiveStatus {
    return this.statusValue;
  }

  /** The id of the last event seen (sent as `last_event_id` on the next connection). */
  get lastSeenId(): string | null {
    return this.lastEventId;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    if (!this.options.EventSource) {
      this.setStatus('unsupported');
      return;
    }
    this.open();
  }

  stop(): void {
    this.running = false;
    this.clearTimer();
    this.closeSource();
    this.setStatus('idle');
  }

  /** `type` is a frame type or '*' for every frame. Returns the unsubscribe function. */
  subscribe(type: LiveSubscription, handler: LiveHandler): () => void {
    let set = this.handlers.get(type);
    if (!set) this.handlers.set(type, (set = new Set()));
    set.add(handler);
    if (type !== '*' && this.source) this.listen(this.source, type);
    return () => {
      set.delete(handler);
      if (set.size === 0) this.handlers.delete(type);
    };
  }

  private open(): void {
    const Source = this.options.EventSource;
    if (!Source || !this.running) return;
    this.setStatus(this.hasBeenLive || this.attempt > 0 ? 'reconnecting' : 'connecting');
    const url =
      this.lastEventId === null
        ? this.options.url
        : `${this.options.url}${this.options.url.includes('?') ? '&' : '?'}last_event_id=${encodeURIComponent(this.lastEventId)}`;
    // Same origin, so the session cookie goes along without `withCredentials`.
    const source = new Source(url);
    this.source = source;
    this.listened.clear();
    for (const type of LIVE_EVENT_TYPES) this.listen(source, type);
    for (const type of this.handlers.keys()) if (type !== '*') this.listen(source, type);
    source.addEventListener('error', () => {
      if (this.source === source) this.retryLater();
    });
  }

  private listen(source: EventSourceLike, type: string): void {
    if (this.listened.has(type)) return;
    this.listened.add(type);
    source.addEventListener(type, (event: Event) => {
      if (this.source === source) this.receive(type, event as MessageEvent);
    });
  }

  private receive(type: string, event: MessageEvent): void {
    if (event.lastEventId) this.lastEventId = event.lastEventId;
    const data = parse(event.data);
    if (type === 'ready') {
      const wasLive = this.hasBeenLive || this.attempt > 0;
      const readyId = (data as { last_event_id?: unknown } | null)?.last_event_id;
      // First connection: start replay from "now". Later ones keep the id we actually saw last.
      if (this.lastEventId === null && typeof readyId === 'number' && readyId > 0) {
        this.lastEventId = String(readyId);
      }
      this.hasBeenLive = true;
      this.attempt = 0;
      this.setStatus('live');
      if (wasLive) this.options.onResync?.();
    } else if (type === 'resync') {
      this.options.onResync?.();
    }
    // The server sends each type's frame as shared/live-events.ts describes it.
    const message = { type, data, id: event.lastEventId || null } as LiveMessage;
    for (const handler of [...(this.handlers.get(type) ?? []), ...(this.handlers.get('*') ?? [])]) {
      try {
        handler(message);
      } catch (error) {
        // One broken subscriber must not stop the others (or the connection).
        console.error('Live event handler failed', error);
      }
    }
    // The server is shutting down: connect again (to whichever instance takes over) after a pause.
    if (type === 'reconnect') this.retryLater();
  }

  private retryLater(): void {
    this.closeSource();
    if (!this.running) return;
    this.clearTimer();
    this.setStatus('reconnecting');
    const delay = backoffDelay(this.attempt);
    this.attempt += 1;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.open();
    }, delay);
  }

  private closeSource(): void {
    const source = this.source;
    this.source = null;
    source?.close();
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private setStatus(status: LiveStatus): void {
    if (status === this.statusValue) return;
    this.statusValue = status;
    this.options.onStatus?.(status);
  }
}

function parse(data: unknown): unknown {
  if (typeof data !== 'string' || data === '') return data ?? null;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
}
