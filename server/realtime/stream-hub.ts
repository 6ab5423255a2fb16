import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export type StreamLimits = {
  heartbeatMs: number;
  /** Bytes a connection may have queued for a client that does not read before it is dropped. */
  maxQueuedBytes: number;
  /** A reconnecting client missing more events than this is told to `resync` (refetch) instead. */
  replayLimit: number;
};

export const DEFAULT_STREAM_LIMITS: StreamLimits = {
  heartbeatMs: 25_000,
  maxQueuedBytes: 256 * 1024,
  replayLimit: 500,
};

/** Where a connection's frames go: the raw HTTP response, so nothing sits between us and the socket. */
export interface SseSink {
  write(chunk: string): void;
  /** Bytes written but not yet taken by the kernel: grows when the client stops reading. */
  bufferedBytes(): number;
  end(): void;
  /** Drops the connection at once, discarding whatever is still queued for the client. */
  abort(): void;
  onClose(listener: () => void): void;
}

// Node corks a response's socket on its first write and uncorks it on the next tick, which waits
// until the microtask queue is empty. On the embedded database the work after a commit (the
// assessment, its queries) is one long chain of microtasks, so frames sat in the socket for tens of
// milliseconds. The sockets written to are instead uncorked by one microtask queued at the first
// write of a fan-out pass: it runs as soon as the pass's synchronous loop ends, and every frame
// the pass wrote to one connection (an escalation's bell frame and its own) leaves in one system
// call. Uncorking after each write cost one call per frame, twice the calls on both sides at 1,000
// listeners, and made the last listener's frame wait behind all the bell frames.
const written = new Set<Socket>();
const SEND_AT_BYTES = 16 * 1024;
function sendSoon(socket: Socket) {
  if (written.size === 0) queueMicrotask(sendWritten);
  written.add(socket);
}
function sendWritten() {
  for (const socket of written) if (socket.writableCorked) socket.uncork();
  written.clear();
}

export function nodeSink(res: ServerResponse): SseSink {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.socket?.setNoDelay(true);
  // A reset, not a close: a close would leave the kernel retrying the queued bytes to a client that
  // takes none, and `end()` would keep the socket (and everything queued for it) until it reads.
  const abort = () => {
    const socket = res.socket;
    if (socket && !socket.destroyed) socket.resetAndDestroy();
    else if (!res.destroyed) res.destroy();
  };
  return {
    write: (chunk) => {
      res.write(chunk);
      const socket = res.socket;
      if (!socket) return;
      // A long run of frames (a replay) goes out as it grows: held back whole, it would count
      // against the slow-client bound although the client reads.
      if (socket.writableLength >= SEND_AT_BYTES && socket.writableCorked) socket.uncork();
      else sendSoon(socket);
    },
    bufferedBytes: () => res.writableLength,
    end: () => res.end(),
    abort,
    // A client gone while the stream was being set up must still free its slot.
    onClose: (listener) => (res.closed ? queueMicrotask(listener) : void res.on('close', listener)),
  };
}

/**
 * One client of the live stream. A client that stops reading makes its response buffer grow; past
 * the bound the connection is dropped (reset, with what was queued for it) instead of letting server
 * memory grow.
 */
export class StreamConnection {
  closed = false;
  droppedAsSlow = false;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly sink: SseSink,
    private readonly limits: StreamLimits,
    private readonly onClose: () => void,
    /** Runs with every heartbeat: the stream route re-checks the caller's credential there. */
    onHeartbeat?: () => void,
  ) {
    this.heartbeat = setInterval(() => {
      this.push(': heartbeat\n\n');
      if (!this.closed) onHeartbeat?.();
    }, limits.heartbeatMs);
    sink.onClose(() => this.close());
  }

  push(frame: string) {
    if (this.closed) return;
    if (this.sink.bufferedBytes() + frame.length > this.limits.maxQueuedBytes) {
      this.droppedAsSlow = true;
      this.close();
      return;
    }
    this.sink.write(frame);
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.onClose();
    if (this.droppedAsSlow) this.sink.abort();
    else this.sink.end();
  }
}

/** How many streams one user and one account may hold open at once (per server process). */
export type StreamCaps = { maxPerUser: number; maxPerAccount: number };

/** A stream refused for being over a cap: which cap, and its value. */
export type StreamCapReached = { scope: 'user' | 'account'; limit: number };

/** The open stream connections of this process: for metrics and for closing them on shutdown. */
export class StreamHub {
  readonly connections = new Set<StreamConnection>();
  private readonly perUser = new Map<string, number>();
  private readonly perAccount = new Map<string, number>();
  constructor(readonly limits: StreamLimits = DEFAULT_STREAM_LIMITS) {}

  /**
   * Takes a slot for a new stream of `userId` in `accountId`, or says which cap is reached. The
   * returned release gives the slot back; it is safe to call more than once. Counted per process:
   * the caps bound what one process holds (sockets, timers, memory), and a client is pinned to the
   * process that answered it.
   */
  reserve(
    accountId: string,
    userId: string,
    caps: StreamCaps,
  ): { release: () => void } | { refused: StreamCapReached } {
    const ofUser = this.perUser.get(userId) ?? 0;
    const ofAccount = this.perAccount.get(accountId) ?? 0;
    if (ofUser >= caps.maxPerUser) return { refused: { scope: 'user', limit: caps.maxPerUser } };
    if (ofAccount >= caps.maxPerAccount) return { refused: { scope: 'account', limit: caps.maxPerAccount } };
    this.perUser.set(userId, ofUser + 1);
    this.perAccount.set(accountId, ofAccount + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        decrement(this.perUser, userId);
        decrement(this.perAccount, accountId);
      },
    };
  }

  /** Streams this process holds for a user (tests and diagnostics). */
  openFor(userId: string) {
    return this.perUser.get(userId) ?? 0;
  }

  /** Asks every client to come back shortly (to another process, or to this one after a restart). */
  closeAll() {
    for (const c of this.connections) {
      c.push('retry: 1000\nevent: reconnect\ndata: {}\n\n');
      c.close();
    }
  }
}

function decrement(counts: Map<string, number>, key: string) {
  const n = (counts.get(key) ?? 0) - 1;
  if (n > 0) counts.set(key, n);
  else counts.delete(key);
}
