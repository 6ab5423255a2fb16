import type { SSEStreamingApi } from 'hono/streaming';

export type StreamLimits = {
  heartbeatMs: number;
  /** Bytes a connection may have queued for a client that does not read before it is dropped. */
  maxQueuedBytes: number;
  /** A reconnecting client missing more events than this is told to `resync` (refetch) instead. */
  replayLimit: number;
};

export const DEFAULT_STREAM_LIMITS: StreamLimits = { heartbeatMs: 25_000, maxQueuedBytes: 256 * 1024, replayLimit: 500 };

/**
 * One client of the live stream. Frames go through a bounded queue drained by a single writer: a
 * client that stops reading makes the queue grow, and past the bound the connection is dropped
 * instead of letting server memory grow.
 */
export class StreamConnection {
  private readonly queue: string[] = [];
  private queuedBytes = 0;
  private wake: (() => void) | undefined;
  closed = false;
  droppedAsSlow = false;

  constructor(
    private readonly stream: SSEStreamingApi,
    private readonly limits: StreamLimits,
    private readonly onClose: () => void,
  ) {}

  push(frame: string) {
    if (this.closed) return;
    if (this.queuedBytes + frame.length > this.limits.maxQueuedBytes) {
      this.droppedAsSlow = true;
      this.close();
      return;
    }
    this.queue.push(frame);
    this.queuedBytes += frame.length;
    this.wake?.();
  }

  /** Writes queued frames until the connection closes. */
  async run() {
    const heartbeat = setInterval(() => this.push(': heartbeat\n\n'), this.limits.heartbeatMs);
    try {
      while (!this.closed) {
        const frame = this.queue.shift();
        if (frame === undefined) {
          await new Promise<void>((resolve) => (this.wake = resolve));
          this.wake = undefined;
          continue;
        }
        this.queuedBytes -= frame.length;
        await this.stream.write(frame);
      }
    } catch {
      // The client went away mid-write.
    } finally {
      clearInterval(heartbeat);
      this.close();
    }
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    this.queuedBytes = 0;
    this.wake?.();
    this.onClose();
    void this.stream.close().catch(() => {});
  }
}

/** The open stream connections of this process: for metrics and for closing them on shutdown. */
export class StreamHub {
  readonly connections = new Set<StreamConnection>();
  constructor(readonly limits: StreamLimits = DEFAULT_STREAM_LIMITS) {}

  /** Asks every client to come back shortly (to another process, or this one after restart). */
  closeAll() {
    for (const c of this.connections) {
      c.push('retry: 1000\nevent: reconnect\ndata: {}\n\n');
      setTimeout(() => c.close(), 100).unref();
    }
  }
}
