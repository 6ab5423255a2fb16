import { createServer, type IncomingMessage, type Server } from 'node:http';

/**
 * What the PSA stand-ins (ConnectWise, HaloPSA, Autotask) share: a 127.0.0.1 server that records
 * every request, and switchable conditions — chosen requests answered with any status (404, 500,
 * ...), optionally after taking effect (an answer lost on the way back), 429 with Retry-After, and
 * slow answers. Each stand-in adds its vendor's endpoints (`handle`) and error format (`errorBody`).
 */

export type RecordedRequest = {
  method: string;
  /** The path, without `basePath` when the stand-in has one. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** Parsed JSON, a form as an object, or undefined. */
  body: any;
  /** When it arrived and when it was answered (Date.now()). */
  at: number;
  doneAt?: number;
};

/** `afterApplying`: the request takes effect, then the answer is an error (an answer lost on the way back). */
type Failure = {
  method: string;
  path: RegExp;
  status: number;
  remaining: number;
  afterApplying: boolean;
  /** Sent as the Retry-After header (a 429's). */
  retryAfter?: string;
};

export type Reply = (status: number, body: unknown, headers?: Record<string, string>) => void;
/** Answers one request; `reply` may be a sink (the request is applied but its answer lost). */
export type Handler = (req: RecordedRequest, reply: Reply) => void;

export async function startFakePsaServer(o: {
  handle: Handler;
  /** The body of an error in the vendor's format. */
  errorBody: (status: number, message: string) => unknown;
  /** Where the API lives (ConnectWise's `/v4_6_release/apis/3.0`): other paths answer 404. */
  basePath?: string;
  /** Checked after any delay and before simulated failures; a refused request answers 401. */
  authorize?: (req: RecordedRequest) => boolean;
}) {
  const requests: RecordedRequest[] = [];
  const failures: Failure[] = [];
  const delays: { path: RegExp; ms: number }[] = [];
  const sink: Reply = () => undefined;

  async function serve(req: IncomingMessage, raw: string, reply: Reply, at: number) {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    let body: any;
    try {
      if (!raw) body = undefined;
      else if (String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded'))
        body = Object.fromEntries(new URLSearchParams(raw));
      else body = JSON.parse(raw);
    } catch {
      return reply(400, o.errorBody(400, 'Body is not JSON'));
    }
    const inApi = !o.basePath || url.pathname.startsWith(o.basePath);
    const recorded: RecordedRequest = {
      method,
      path: inApi && o.basePath ? url.pathname.slice(o.basePath.length) : url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      at,
    };
    requests.push(recorded);
    const answer: Reply = (...args) => {
      recorded.doneAt = Date.now();
      reply(...args);
    };
    if (!inApi) return answer(404, o.errorBody(404, 'Not the API path'));
    const delay = delays.find((d) => d.path.test(recorded.path));
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay.ms));
    if (o.authorize && !o.authorize(recorded)) return answer(401, o.errorBody(401, 'Authentication failed'));
    const failure = failures.find(
      (f) => f.remaining > 0 && f.method === method && f.path.test(recorded.path),
    );
    if (failure) {
      failure.remaining -= 1;
      if (failure.afterApplying) o.handle(recorded, sink);
      return answer(
        failure.status,
        o.errorBody(
          failure.status,
          failure.status === 429 ? 'Rate limit exceeded' : `Simulated failure ${failure.status}`,
        ),
        failure.retryAfter === undefined ? {} : { 'retry-after': failure.retryAfter },
      );
    }
    o.handle(recorded, answer);
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    const at = Date.now();
    const reply: Reply = (status, body, headers = {}) =>
      void res
        .writeHead(status, { 'content-type': 'application/json', ...headers })
        .end(body === undefined ? '' : JSON.stringify(body));
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void serve(req, Buffer.concat(chunks).toString('utf8'), reply, at));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;

  const calls = (method: string, path: RegExp) =>
    requests.filter((r) => r.method === method && path.test(r.path));

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** Recorded requests by method and path. */
    calls,
    /** The most requests matching method and path that were being answered at the same moment. */
    peakConcurrency(method: string, path: RegExp) {
      const edges = calls(method, path).flatMap((r) => [
        { t: r.at, d: 1 },
        { t: r.doneAt ?? Number.POSITIVE_INFINITY, d: -1 },
      ]);
      edges.sort((a, b) => a.t - b.t || a.d - b.d);
      let now = 0;
      let peak = 0;
      for (const e of edges) peak = Math.max(peak, (now += e.d));
      return peak;
    },
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
    /** Answers requests matching `path` only after `ms` (0 removes the delay). */
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

export type FakePsaServer = Awaited<ReturnType<typeof startFakePsaServer>>;
