import { createServer, type IncomingMessage, type Server } from 'node:http';

/**
 * What the HaloPSA and Autotask stand-ins share: a 127.0.0.1 server that records every request,
 * and switchable failure conditions like the ConnectWise stand-in's — chosen requests answered
 * with any status (404, 500, ...), optionally after taking effect (an answer lost on the way back),
 * 429 with Retry-After, and slow answers.
 */

export type RecordedRequest = {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** Parsed JSON, a form as an object, or undefined. */
  body: any;
  at: number;
};

type Failure = {
  method: string;
  path: RegExp;
  status: number;
  remaining: number;
  afterApplying: boolean;
  retryAfter?: string;
};

export type Reply = (status: number, body: unknown, headers?: Record<string, string>) => void;
/** Answers one request; `reply` may be a sink (the request is applied but its answer lost). */
export type Handler = (req: RecordedRequest, reply: Reply) => void;

export async function startFakePsaServer(o: {
  handle: Handler;
  /** The body of a simulated error in the vendor's format. */
  errorBody: (status: number, message: string) => unknown;
}) {
  const requests: RecordedRequest[] = [];
  const failures: Failure[] = [];
  const delays: { path: RegExp; ms: number }[] = [];

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    const at = Date.now();
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://fake');
      const method = req.method ?? 'GET';
      const reply: Reply = (status, body, headers = {}) =>
        void res
          .writeHead(status, { 'content-type': 'application/json', ...headers })
          .end(body === undefined ? '' : JSON.stringify(body));
      let body: any;
      try {
        if (!raw) body = undefined;
        else if (String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded'))
          body = Object.fromEntries(new URLSearchParams(raw));
        else body = JSON.parse(raw);
      } catch {
        return reply(400, o.errorBody(400, 'Body is not JSON'));
      }
      const recorded = {
        method,
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        at,
      };
      requests.push(recorded);
      const delay = delays.find((d) => d.path.test(url.pathname));
      if (delay) await new Promise((resolve) => setTimeout(resolve, delay.ms));
      const failure = failures.find(
        (f) => f.remaining > 0 && f.method === method && f.path.test(url.pathname),
      );
      if (failure) {
        failure.remaining -= 1;
        if (failure.afterApplying) o.handle(recorded, () => undefined);
        return reply(
          failure.status,
          o.errorBody(
            failure.status,
            failure.status === 429 ? 'Rate limit exceeded' : `Simulated failure ${failure.status}`,
          ),
          failure.retryAfter === undefined ? {} : { 'retry-after': failure.retryAfter },
        );
      }
      o.handle(recorded, reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    calls: (method: string, path: RegExp) => requests.filter((r) => r.method === method && path.test(r.path)),
    /** The next `times` requests matching method and path get `status` (e.g. 500, 404). */
    fail(
      method: string,
      path: RegExp,
      status: number,
      times = Number.POSITIVE_INFINITY,
      x: { afterApplying?: boolean } = {},
    ) {
      failures.push({ method, path, status, remaining: times, afterApplying: x.afterApplying ?? false });
    },
    /** The next `times` requests matching method and path answer 429 with `Retry-After: retryAfter`. */
    rateLimit(method: string, path: RegExp, times: number, retryAfter: string) {
      failures.push({ method, path, status: 429, remaining: times, afterApplying: false, retryAfter });
    },
    clearFailures() {
      failures.length = 0;
    },
    slowDown(path: RegExp, ms: number) {
      delays.splice(0, delays.length, ...delays.filter((d) => d.path.source !== path.source));
      if (ms > 0) delays.push({ path, ms });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
