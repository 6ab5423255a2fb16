import { QueryClient } from '@tanstack/react-query';
import { cleanup, render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, vi, type Mock } from 'vitest';
import { setCsrfToken, type Schemas } from '../api/client';
import type { Role } from '../../../shared/roles';
import { AppProviders } from '../app/AppProviders';
import { appRoutes } from '../app/routes';

// Vitest globals are off, so Testing Library cannot register its own cleanup; each test file calls this.
export function resetBetweenTests(): void {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    setCsrfToken(null);
    localStorage.clear();
    document.documentElement.className = '';
  });
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  if (status === 204) return new Response(null, { status });
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

type Reply = Response | ((init: RequestInit) => Response | Promise<Response>);

/**
 * Stubs global fetch with a table keyed by "METHOD /path" (path without /api/v1). Unknown calls fail
 * the test loudly instead of hanging. Returns the mock so tests can inspect calls, each seen as the
 * `(url, init)` of a plain fetch: the typed client's Request is unpacked into that form first.
 */
export function mockApi(routes: Record<string, Reply>): Mock {
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const key = `${init.method ?? 'GET'} ${url.replace(/^.*\/api\/v1/, '')}`;
    const reply = routes[key];
    if (!reply) throw new Error(`Unexpected request in test: ${key}`);
    // Responses are single-use, so clone for routes that are hit more than once.
    return typeof reply === 'function' ? reply(init) : reply.clone();
  });
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) =>
    input instanceof Request ? fetchMock(...(await asFetchArguments(input))) : fetchMock(input, init),
  );
  return fetchMock;
}

/**
 * A Request as the arguments of the equivalent plain fetch: same-origin path, header object (names in
 * lower case, as browsers give them), body text.
 */
async function asFetchArguments(request: Request): Promise<[string, RequestInit]> {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => (headers[name.toLowerCase()] = value));
  return [
    url.pathname + url.search,
    {
      method: request.method,
      headers,
      credentials: request.credentials,
      body: request.body === null ? undefined : await request.text(),
      signal: request.signal,
    },
  ];
}

export function session(
  role: Role = 'admin',
  overrides: Partial<Schemas['User']> = {},
): Schemas['SessionInfo'] {
  return {
    user: { id: 'u1', email: 'alex@example.com', name: 'Alex Admin', role, ...overrides },
    account: { id: 'a1', name: 'Contoso IT' },
    csrf_token: 'csrf-123',
  };
}

/**
 * For a test's first wait on a page: the routes load their pages as lazy chunks, slow to arrive while
 * the suite shares two cores with everything else.
 */
export const PAGE_LOAD = { timeout: 5000 };

/** Renders the whole app (providers + real routes) at `path`. */
export function renderApp(path = '/') {
  const router = createMemoryRouter(appRoutes, { initialEntries: [path] });
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  const utils = render(
    <AppProviders queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return { ...utils, router };
}

/** The body of the n-th call to the fetch mock, parsed as JSON. */
export function requestBody(fetchMock: Mock, callIndex: number): unknown {
  const init = fetchMock.mock.calls[callIndex]?.[1] as RequestInit | undefined;
  return init?.body ? JSON.parse(String(init.body)) : undefined;
}
