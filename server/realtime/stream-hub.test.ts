import type { SSEStreamingApi } from 'hono/streaming';
import { describe, expect, it } from 'vitest';
import { StreamConnection } from './stream-hub';

/** A client that never reads: every write stays pending, as with a stalled TCP peer. */
function stalledStream() {
  const writes: string[] = [];
  let closed = false;
  const api = {
    write: (s: string) => {
      writes.push(s);
      return new Promise(() => {});
    },
    close: async () => {
      closed = true;
    },
  } as unknown as SSEStreamingApi;
  return { api, writes, isClosed: () => closed };
}

describe('stream connection buffer', () => {
  it('drops a client that stops reading once its queue passes the bound, and frees the queue', async () => {
    const s = stalledStream();
    let onCloseCalls = 0;
    const conn = new StreamConnection(s.api, { heartbeatMs: 60_000, maxQueuedBytes: 1000, replayLimit: 10 }, () => onCloseCalls++);
    const running = conn.run();
    const frame = `event: x\ndata: ${'y'.repeat(90)}\n\n`;
    conn.push(frame);
    await new Promise((r) => setTimeout(r, 5)); // the writer hands it to the socket and blocks
    for (let i = 0; i < 50 && !conn.closed; i++) conn.push(frame);
    expect(conn.closed).toBe(true);
    expect(conn.droppedAsSlow).toBe(true);
    expect(onCloseCalls).toBe(1);
    expect(s.isClosed()).toBe(true);
    // Only the one frame handed to the socket was ever written; the rest were discarded, not kept.
    expect(s.writes.length).toBe(1);
    conn.push(frame);
    expect(s.writes.length).toBe(1);
    void running;
  });

  it('a reading client gets every frame in order', async () => {
    const writes: string[] = [];
    const api = { write: async (f: string) => void writes.push(f), close: async () => {} } as unknown as SSEStreamingApi;
    const conn = new StreamConnection(api, { heartbeatMs: 60_000, maxQueuedBytes: 1000, replayLimit: 10 }, () => {});
    const running = conn.run();
    for (let i = 0; i < 20; i++) conn.push(`data: ${i}\n\n`);
    await new Promise((r) => setTimeout(r, 10));
    conn.close();
    await running;
    expect(writes).toEqual(Array.from({ length: 20 }, (_, i) => `data: ${i}\n\n`));
  });
});
