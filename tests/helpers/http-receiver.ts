import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/** `receivedAt`: when the whole request had arrived (Date.now()), for recovery timings. */
export type ReceivedRequest = {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  json: any;
  receivedAt: number;
};
type Responder = (req: IncomingMessage, res: ServerResponse, body: string) => void;

export const reply = {
  ok: ((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok')) as Responder,
  status:
    (code: number): Responder =>
    (_req, res) =>
      res.writeHead(code, { 'content-type': 'text/plain' }).end(`status ${code}`),
  redirect: ((_req, res) =>
    res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end()) as Responder,
  /** Accepts the request and never answers. */
  hang: (() => {}) as Responder,
  /** Drops the connection without a response. */
  close: ((req) => req.socket.destroy()) as Responder,
  /** Starts a 200 answer, then drops the connection before the body is complete. */
  closeMidResponse: ((req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '100' });
    res.write('partial', () => req.socket.destroy());
  }) as Responder,
};

/**
 * A local HTTP server on 127.0.0.1 standing in for Slack, Teams or a webhook receiver. Records
 * every request (raw body kept for signature checks) and answers with `respond`, which tests swap.
 */
export async function startReceiver(respond: Responder = reply.ok) {
  const requests: ReceivedRequest[] = [];
  const state = { respond, onRequest: undefined as ((r: ReceivedRequest) => void) | undefined };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      const r = { path: req.url ?? '', headers: req.headers, body, json, receivedAt: Date.now() };
      requests.push(r);
      state.onRequest?.(r);
      state.respond(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  return {
    /** A Slack-looking path, so masking has a secret-looking tail to hide. */
    url: `http://127.0.0.1:${port}/services/T000/B000/${'x'.repeat(20)}SECRET`,
    requests,
    set respond(fn: Responder) {
      state.respond = fn;
    },
    set onRequest(fn: ((r: ReceivedRequest) => void) | undefined) {
      state.onRequest = fn;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
