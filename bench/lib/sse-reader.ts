import http from 'node:http';

export type RawFrame = { id: string | null; event: string; data: string };

export type SseReader = {
  /** Resolves at the `ready` frame; rejects on a non-200 answer or a connection error before it. */
  ready: Promise<void>;
  /** Resolves when the server ends the stream or the connection fails, with the reason. */
  ended: Promise<string>;
  close: () => void;
};

// One TCP connection per stream, as browsers open them; no pooling between streams.
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

/**
 * A lean Server-Sent Events reader on node:http (cheaper per connection than fetch's web streams,
 * so the load generator takes less CPU from the server). `onFrame` gets every frame but comments,
 * with the time it arrived.
 */
export function openSseStream(
  url: string,
  headers: Record<string, string>,
  onFrame: (frame: RawFrame, at: number) => void,
): SseReader {
  let markReady!: () => void;
  let failReady!: (err: Error) => void;
  let end!: (reason: string) => void;
  const ready = new Promise<void>((resolve, reject) => ((markReady = resolve), (failReady = reject)));
  const ended = new Promise<string>((resolve) => (end = resolve));
  ready.catch(() => {});
  let closing = false;
  const req = http.get(url, { agent, headers: { accept: 'text/event-stream', ...headers } }, (res) => {
    if (res.statusCode !== 200) {
      res.resume();
      failReady(new Error(`stream answered ${res.statusCode}`));
      end(`status ${res.statusCode}`);
      return;
    }
    res.setEncoding('utf8');
    let buffer = '';
    res.on('data', (chunk: string) => {
      const at = performance.now();
      buffer += chunk;
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const frame = parseBlock(buffer.slice(0, cut));
        buffer = buffer.slice(cut + 2);
        if (!frame) continue;
        if (frame.event === 'ready') markReady();
        onFrame(frame, at);
      }
    });
    res.on('end', () => end(closing ? 'closed by client' : 'ended by server'));
    res.on('error', (err) => end(closing ? 'closed by client' : `response error: ${err.message}`));
  });
  req.on('error', (err) => {
    failReady(err);
    end(closing ? 'closed by client' : `connection error: ${err.message}`);
  });
  return {
    ready,
    ended,
    close: () => {
      closing = true;
      req.destroy();
    },
  };
}

/** One SSE block to a frame; null for heartbeat comments. */
export function parseBlock(block: string): RawFrame | null {
  let id: string | null = null;
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('id: ')) id = line.slice(4);
    else if (line.startsWith('event: ')) event = line.slice(7);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
  }
  if (id === null && data.length === 0 && event === 'message') return null;
  return { id, event, data: data.join('\n') };
}
