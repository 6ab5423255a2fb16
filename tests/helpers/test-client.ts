import type { TestApp } from './app';
import { TEST_PASSWORD } from './factories';

export type ApiResponse<T = any> = { status: number; body: T; headers: Headers; text: string };

/** Where requests go: the app in this process (no socket), or a server at a base URL (real HTTP). */
type Target = TestApp['app'] | string;

/**
 * The one API client of the tests, browser-like: keeps the session cookie and sends the CSRF token on
 * mutations, or uses a bearer token. It talks to an app in this process (`new TestClient(app)`, with
 * `ip` telling clients apart for rate limiting) or over real HTTP to a server process or a listening
 * app (`await TestClient.signIn(url, email)`); over HTTP a network failure (the process was killed)
 * rejects, as it would for any real client.
 */
export class TestClient {
  cookie: string | undefined;
  csrf: string | undefined;
  bearer: string | undefined;

  constructor(
    private readonly target: Target,
    readonly ip = '203.0.113.7',
  ) {}

  /** A client signed in as `email` against the server at `baseUrl`. */
  static async signIn(baseUrl: string, email: string, password = TEST_PASSWORD): Promise<TestClient> {
    const client = new TestClient(baseUrl);
    await client.login(email, password);
    return client;
  }

  /** The same signed-in user against another process (same database, another address). */
  at(baseUrl: string): TestClient {
    const other = new TestClient(baseUrl, this.ip);
    Object.assign(other, { cookie: this.cookie, csrf: this.csrf, bearer: this.bearer });
    return other;
  }

  /** Headers that authenticate a request made without this client (e.g. an event-stream reader). */
  authHeaders(): { cookie: string; 'x-csrf-token': string } {
    return { cookie: this.cookie ?? '', 'x-csrf-token': this.csrf ?? '' };
  }

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const h: Record<string, string> = { ...headers };
    if (body !== undefined && typeof body !== 'string') h['content-type'] = 'application/json';
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    else if (this.cookie) {
      h.cookie = this.cookie;
      if (this.csrf && method !== 'GET') h['x-csrf-token'] ??= this.csrf;
    }
    const init = {
      method,
      headers: h,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    };
    const res =
      typeof this.target === 'string'
        ? await fetch(`${this.target}${path}`, init)
        : await this.target.request(path, init, { incoming: { socket: { remoteAddress: this.ip } } });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const [pair] = setCookie.split(';');
      this.cookie = pair && !pair.endsWith('=') ? pair : undefined;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as T, headers: res.headers, text };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body ?? {});
  }
  patch<T = any>(path: string, body: unknown) {
    return this.request<T>('PATCH', path, body);
  }
  delete<T = any>(path: string) {
    return this.request<T>('DELETE', path);
  }

  async login(email: string, password = TEST_PASSWORD) {
    const res = await this.post('/api/v1/auth/login', { email, password });
    if (res.status !== 200) throw new Error(`login failed for ${email}: ${res.status} ${res.text}`);
    this.csrf = res.body.csrf_token;
    return res;
  }
}

/** Signs in one client per user. */
export async function clientsFor<K extends string>(app: TestApp['app'], users: Record<K, { email: string }>) {
  const out = {} as Record<K, TestClient>;
  for (const [key, user] of Object.entries(users) as [K, { email: string }][]) {
    out[key] = new TestClient(app);
    await out[key].login(user.email);
  }
  return out;
}
