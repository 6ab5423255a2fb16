import type { BrowserCredentials } from '../lib/population';
import type { Recorder } from './recorder';

export type Reply<T> = { status: number; body: T };

/** Thrown for a response counted as an error: the virtual user gives up its current task. */
export class RequestFailed extends Error {}

/**
 * One signed-in browser: cookie session and CSRF token on every request, as the web app sends them.
 * Every request is timed to the last byte of its body and recorded under its route template.
 */
export class BrowserClient {
  constructor(
    private readonly base: string,
    private readonly credentials: BrowserCredentials,
    private readonly recorder: Recorder,
  ) {}

  get<T>(route: string, path: string) {
    return this.send<T>(route, 'GET', path);
  }

  post<T>(route: string, path: string, body?: unknown, options: { claim?: boolean } = {}) {
    return this.send<T>(route, 'POST', path, body, options);
  }

  private async send<T>(
    route: string,
    method: string,
    path: string,
    body?: unknown,
    options: { claim?: boolean } = {},
  ): Promise<Reply<T>> {
    const headers: Record<string, string> = { cookie: this.credentials.cookie, accept: 'application/json' };
    if (method !== 'GET') headers['x-csrf-token'] = this.credentials.csrfToken;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const label = `${method} ${route}`;
    const started = performance.now();
    let status: number;
    let text: string;
    try {
      const res = await fetch(`${this.base}/api/v1${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      status = res.status;
      text = await res.text();
    } catch (err) {
      this.recorder.fail({
        route: label,
        status: 0,
        code: 'NETWORK',
        message: err instanceof Error ? `${err.message} ${String(err.cause ?? '')}`.trim() : String(err),
      });
      throw new RequestFailed(`${label}: network error`);
    }
    this.recorder.record(label, performance.now() - started);
    const parsed = parse(text);
    if (status >= 200 && status < 300) return { status, body: parsed as T };
    const error = (parsed ?? {}) as { code?: string; message?: string };
    // Losing a claim race is part of the product's contract (SPEC §5), not a failure.
    if (options.claim && status === 409 && error.code === 'ALREADY_CLAIMED') {
      this.recorder.expect(label, 'claim-race-lost');
      return { status, body: parsed as T };
    }
    this.recorder.fail({
      route: label,
      status,
      code: error.code ?? 'HTTP',
      message: (error.message ?? text).slice(0, 200),
    });
    throw new RequestFailed(`${label}: ${status} ${error.code ?? ''}`);
  }
}

function parse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}
