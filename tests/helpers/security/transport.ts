import type { TestClient } from '../test-client';

/** One request of the security suites: a path already filled in, an optional query, a body or raw text. */
export type Call = {
  method: string;
  /** Full path under the app, e.g. `/api/v1/sessions/…`. */
  path: string;
  query?: Record<string, string>;
  /** JSON-encoded unless `raw` is set. */
  body?: unknown;
  /** Sent as is (malformed JSON, odd content types). */
  raw?: string;
  headers?: Record<string, string>;
};

export type Answer = { status: number; text: string; body: any; contentType: string };

const STREAM_PATH = '/api/v1/stream';

/** The live stream needs a real socket; everything else goes through `app.request()`. */
export type StreamServer = { url: string };

export function withQuery(path: string, query: Record<string, string> | undefined) {
  if (!query || Object.keys(query).length === 0) return path;
  return `${path}?${new URLSearchParams(query).toString()}`;
}

/**
 * Sends `call` as `client`. `GET /api/v1/stream` goes over HTTP to `server`: the answer's text is
 * what arrived up to the first heartbeat (replayed frames come before it), then the stream is closed.
 */
export async function send(client: TestClient, call: Call, server?: StreamServer): Promise<Answer> {
  const url = withQuery(call.path, call.query);
  if (call.method === 'GET' && call.path === STREAM_PATH) {
    if (!server) throw new Error('the live stream needs a listening server');
    return readStream(client, `${server.url}${url}`, call.headers);
  }
  const payload = call.raw !== undefined ? call.raw : call.body;
  const res = await client.request(
    call.method,
    url,
    call.method === 'GET' ? undefined : payload,
    call.headers ?? {},
  );
  return {
    status: res.status,
    text: res.text,
    body: res.body,
    contentType: res.headers.get('content-type') ?? '',
  };
}

async function readStream(
  client: TestClient,
  url: string,
  extra: Record<string, string> = {},
): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'text/event-stream', ...extra };
  if (client.bearer) headers.authorization = `Bearer ${client.bearer}`;
  else if (client.cookie) headers.cookie = client.cookie;
  const controller = new AbortController();
  // A safety net only: the read normally ends at the first heartbeat.
  const timer = setTimeout(() => controller.abort(), 10_000);
  try {
    const res = await fetch(url, { headers, signal: controller.signal });
    const contentType = res.headers.get('content-type') ?? '';
    if (!contentType.startsWith('text/event-stream')) {
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        /* not JSON */
      }
      return { status: res.status, text, body, contentType };
    }
    let text = '';
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        text += decoder.decode(chunk, { stream: true });
        if (text.includes(': heartbeat')) break;
      }
    } catch {
      /* aborted by the safety net */
    }
    return { status: res.status, text, body: undefined, contentType };
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
