import http from 'node:http';
import { connect } from 'node:net';

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

/** The `ready` and `ended` promises of a reader with the functions that settle them. */
function readerSignals() {
  let markReady!: () => void;
  let failReady!: (err: Error) => void;
  let end!: (reason: string) => void;
  const ready = new Promise<void>((resolve, reject) => ((markReady = resolve), (failReady = reject)));
  const ended = new Promise<string>((resolve) => (end = resolve));
  ready.catch(() => {});
  return { ready, ended, markReady, failReady, end };
}

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
  const { ready, ended, markReady, failReady, end } = readerSignals();
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

/**
 * The same reader on a bare TCP socket: the request written by hand, the chunked body unframed here.
 * With a thousand streams in one process the reader's own work per frame (Node's HTTP client:
 * parser callbacks, a readable stream and a string decoder per response) delays the last listener
 * it notes by as much as the server takes to send to all of them; a listener in a browser pays
 * that for its one stream only. Same frames, same arrival time (the moment the bytes are read).
 */
export function openRawSseStream(
  url: string,
  headers: Record<string, string>,
  onFrame: (frame: RawFrame, at: number) => void,
): SseReader {
  const { ready, ended, markReady, failReady, end } = readerSignals();
  let closing = false;
  const { hostname, port, pathname, search } = new URL(url);
  const socket = connect({ host: hostname, port: Number(port) || 80, noDelay: true });
  const head = Object.entries({ host: `${hostname}:${port}`, accept: 'text/event-stream', ...headers })
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  socket.write(`GET ${pathname}${search} HTTP/1.1\r\n${head}\r\n`);
  // Bytes as latin1 text, so offsets count bytes (chunk sizes do); a frame is decoded as UTF-8 if it
  // needs to be.
  socket.setEncoding('latin1');
  let raw = '';
  let headDone = false;
  let chunked = false;
  let body = '';
  const frames = (at: number) => {
    let cut: number;
    while ((cut = body.indexOf('\n\n')) >= 0) {
      let block = body.slice(0, cut);
      body = body.slice(cut + 2);
      if (/[\x80-\xff]/.test(block)) block = Buffer.from(block, 'latin1').toString('utf8');
      const frame = parseBlock(block);
      if (!frame) continue;
      if (frame.event === 'ready') markReady();
      onFrame(frame, at);
    }
  };
  socket.on('data', (text: string) => {
    const at = performance.now();
    raw += text;
    if (!headDone) {
      const endOfHead = raw.indexOf('\r\n\r\n');
      if (endOfHead < 0) return;
      const lines = raw.slice(0, endOfHead).split('\r\n');
      raw = raw.slice(endOfHead + 4);
      headDone = true;
      const status = Number(lines[0]!.split(' ')[1]);
      if (status !== 200) {
        failReady(new Error(`stream answered ${status}`));
        end(`status ${status}`);
        socket.destroy();
        return;
      }
      chunked = lines.some((l) => /^transfer-encoding:\s*chunked/i.test(l));
    }
    if (!chunked) {
      body += raw;
      raw = '';
    } else {
      // Whole chunks only: "<hex size>\r\n<bytes>\r\n"; a part of one waits for the rest.
      for (;;) {
        const eol = raw.indexOf('\r\n');
        if (eol < 0) break;
        const size = parseInt(raw.slice(0, eol), 16);
        if (raw.length < eol + 2 + size + 2) break;
        if (size === 0) {
          raw = '';
          break;
        }
        body += raw.slice(eol + 2, eol + 2 + size);
        raw = raw.slice(eol + 2 + size + 2);
      }
    }
    frames(at);
  });
  socket.on('end', () => end(closing ? 'closed by client' : 'ended by server'));
  socket.on('error', (err) => {
    failReady(err);
    end(closing ? 'closed by client' : `connection error: ${err.message}`);
  });
  socket.on('close', () => end(closing ? 'closed by client' : 'ended by server'));
  return {
    ready,
    ended,
    close: () => {
      closing = true;
      socket.destroy();
    },
  };
}
