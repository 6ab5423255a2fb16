import { createServer, get, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { nodeSink, StreamConnection, StreamHub, type SseSink } from './stream-hub';

/** A sink whose client never reads: everything written stays buffered. */
function sink(reads: boolean) {
  const written: string[] = [];
  let buffered = 0;
  let ended = false;
  let aborted = false;
  const s: SseSink = {
    write: (chunk) => {
      written.push(chunk);
      if (!reads) buffered += chunk.length;
    },
    bufferedBytes: () => buffered,
    end: () => {
      ended = true;
    },
    abort: () => {
      aborted = true;
    },
    onClose: () => {},
  };
  return { s, written, isEnded: () => ended, isAborted: () => aborted };
}

const limits = { heartbeatMs: 60_000, maxQueuedBytes: 1000, replayLimit: 10 };
const frame = `event: x\ndata: ${'y'.repeat(90)}\n\n`;

describe('stream connection buffer', () => {
  it('drops a client that stops reading once its buffer passes the bound', () => {
    const k = sink(false);
    let closes = 0;
    const conn = new StreamConnection(k.s, limits, () => closes++);
    for (let i = 0; i < 50; i++) conn.push(frame);
    expect(conn.droppedAsSlow).toBe(true);
    expect(conn.closed).toBe(true);
    expect(closes).toBe(1);
    // Reset, not ended: an orderly end would wait behind the queued bytes the client never takes.
    expect(k.isAborted()).toBe(true);
    expect(k.isEnded()).toBe(false);
    expect(k.written.length).toBe(Math.floor(1000 / frame.length));
  });

  it('a client that reads gets every frame, in order, however many', () => {
    const k = sink(true);
    const conn = new StreamConnection(k.s, limits, () => {});
    for (let i = 0; i < 500; i++) conn.push(`data: ${i}\n\n`);
    expect(conn.closed).toBe(false);
    expect(k.written).toEqual(Array.from({ length: 500 }, (_, i) => `data: ${i}\n\n`));
    conn.close();
    expect(k.isEnded()).toBe(true);
    expect(k.isAborted()).toBe(false);
  });
});

describe('stream caps', () => {
  const caps = { maxPerUser: 2, maxPerAccount: 3 };

  it('refuses past the per-user and per-account caps, and a release frees exactly one slot', () => {
    const hub = new StreamHub(limits);
    const a1 = hub.reserve('acct', 'alice', caps);
    const a2 = hub.reserve('acct', 'alice', caps);
    expect(hub.reserve('acct', 'alice', caps)).toEqual({ refused: { scope: 'user', limit: 2 } });
    const b1 = hub.reserve('acct', 'bob', caps);
    expect('release' in b1).toBe(true);
    expect(hub.reserve('acct', 'bob', caps)).toEqual({ refused: { scope: 'account', limit: 3 } });
    // Another account has its own count.
    expect('release' in hub.reserve('other', 'carol', caps)).toBe(true);

    if (!('release' in a1) || !('release' in a2)) throw new Error('expected slots');
    a1.release();
    a1.release(); // twice is still one slot
    expect(hub.openFor('alice')).toBe(1);
    expect('release' in hub.reserve('acct', 'bob', caps)).toBe(true);
    expect(hub.reserve('acct', 'alice', caps)).toEqual({ refused: { scope: 'account', limit: 3 } });
  });
});

describe('heartbeat hook', () => {
  it('runs with each heartbeat while open, never after close', () => {
    vi.useFakeTimers();
    try {
      const k = sink(true);
      let beats = 0;
      const conn = new StreamConnection(
        k.s,
        { ...limits, heartbeatMs: 100 },
        () => {},
        () => beats++,
      );
      vi.advanceTimersByTime(350);
      expect(beats).toBe(3);
      expect(k.written.filter((w) => w === ': heartbeat\n\n')).toHaveLength(3);
      conn.close();
      vi.advanceTimersByTime(500);
      expect(beats).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('frames on the socket', () => {
  it('the frames one pass writes to a connection leave in one system write, before a chain of microtasks ends', async () => {
    const server = createServer();
    let response!: ServerResponse;
    const connected = new Promise<void>((resolve) => {
      server.once('request', (_req, res: ServerResponse) => {
        response = res;
        resolve();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    let client: IncomingMessage | undefined;
    get(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, (res) => (client = res));
    try {
      await connected;
      const sink = nodeSink(response);
      await new Promise((r) => setTimeout(r, 50)); // the headers are out
      const socket = response.socket as unknown as {
        _writev: (chunks: unknown[], cb: unknown) => void;
        _write: (...a: unknown[]) => void;
        writableCorked: number;
      };
      const writes: number[] = [];
      const writev = socket._writev.bind(socket);
      const write = socket._write.bind(socket);
      socket._writev = (chunks, cb) => {
        writes.push(chunks.length);
        writev(chunks, cb);
      };
      socket._write = (...a: unknown[]) => {
        writes.push(1);
        write(...a);
      };
      // One fan-out pass: the escalation's bell frame, then its own.
      sink.write('event: notification\ndata: {}\n\n');
      sink.write('event: handoff_created\ndata: {}\n\n');
      expect(writes).toEqual([]); // still gathering
      // Still inside a chain of microtasks (the embedded database's work after a commit): Node's own
      // uncork waits for the next tick, which this chain holds back; the frames must not.
      for (let i = 0; i < 5; i++) await Promise.resolve();
      expect(writes).toHaveLength(1);
      expect(socket.writableCorked).toBe(0);
    } finally {
      client?.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
