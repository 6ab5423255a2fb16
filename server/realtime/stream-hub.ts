import type { ServerResponse } from 'node:http';

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
    write: (chunk) => void res.write(chunk),
    bufferedBytes: () => res.writableLength,
    end: () => res.end(),
    abort,
    onClose: (listener) => res.on('close', listener),
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
  ) {
    this.heartbeat = setInterval(() => this.push(': heartbeat\n\n'), limits.heartbeatMs);
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

/** The open stream connections of this process: for metrics and for closing them on shutdown. */
export class StreamHub {
  readonly connections = new Set<StreamConnection>();
  constructor(readonly limits: StreamLimits = DEFAULT_STREAM_LIMITS) {}

  /** Asks every client to come back shortly (to another process, or to this one after a restart). */
  closeAll() {
    for (const c of this.connections) {
      c.push('retry: 1000\nevent: reconnect\ndata: {}\n\n');
      c.close();
    }
  }
}
