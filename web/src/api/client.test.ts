import { describe, expect, it, vi } from 'vitest';
import { json, mockApi, resetBetweenTests } from '../test/helpers';
import { api, apiExpecting401, ApiError, asText, dataOf, onUnauthorized, setCsrfToken } from './client';

resetBetweenTests();

/** The headers of a call, names in lower case as the Request the client sends has them. */
function sentHeaders(fetchMock: ReturnType<typeof mockApi>, call = 0): Record<string, string> {
  return (fetchMock.mock.calls[call]?.[1] as RequestInit).headers as Record<string, string>;
}

describe('api client', () => {
  it('sends X-CSRF-Token on state-changing requests only', async () => {
    const fetchMock = mockApi({
      'POST /tokens': json({ id: 't1', name: 'x', token: 'secret' }, 201),
      'GET /tokens': json({ items: [] }),
    });
    setCsrfToken('csrf-abc');

    await api.POST('/tokens', { body: { name: 'x' } });
    await api.GET('/tokens');

    expect(sentHeaders(fetchMock, 0)['x-csrf-token']).toBe('csrf-abc');
    expect(sentHeaders(fetchMock, 0)['content-type']).toBe('application/json');
    expect(sentHeaders(fetchMock, 0).accept).toBe('application/json');
    expect(sentHeaders(fetchMock, 1)['x-csrf-token']).toBeUndefined();
    expect(sentHeaders(fetchMock, 1)['content-type']).toBeUndefined();
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/v1/tokens');
    expect((fetchMock.mock.calls[0]?.[1] as RequestInit).credentials).toBe('same-origin');
  });

  it('turns error bodies into ApiError with status, code, message and details', async () => {
    mockApi({
      'PATCH /members/m1': json(
        { code: 'LAST_OWNER', message: 'An account needs at least one owner.', details: { id: 'm1' } },
        409,
      ),
    });
    const error = await api
      .PATCH('/members/{id}', { params: { path: { id: 'm1' } }, body: { role: 'admin' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 409,
      code: 'LAST_OWNER',
      message: 'An account needs at least one owner.',
      details: { id: 'm1' },
    });
  });

  it('keeps the whole error body for codes that carry extra fields', async () => {
    const body = {
      code: 'ALREADY_CLAIMED',
      message: 'Already claimed by Sam Senior',
      claimed_by: { id: 'u9', name: 'Sam Senior' },
      claimed_at: '2025-05-01T10:00:00Z',
    };
    mockApi({ 'POST /handoffs/h1/claim': json(body, 409) });
    const error = await api
      .POST('/handoffs/{id}/claim', { params: { path: { id: 'h1' } } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 409, code: 'ALREADY_CLAIMED', body });
  });

  it('reads Retry-After on 429 and copes with non-JSON error bodies', async () => {
    mockApi({
      'POST /auth/login': json({ code: 'RATE_LIMITED', message: 'Too many attempts.' }, 429, {
        'Retry-After': '30',
      }),
      'GET /members': new Response('<html>Bad gateway</html>', { status: 502 }),
    });
    await expect(
      api.POST('/auth/login', { body: { email: 'a@example.com', password: 'x' } }),
    ).rejects.toMatchObject({
      status: 429,
      retryAfterSeconds: 30,
    });
    await expect(api.GET('/members')).rejects.toMatchObject({ status: 502, code: 'HTTP_502' });
  });

  it('reports 401 to listeners unless the call expects it', async () => {
    mockApi({ 'GET /members': json({ code: 'UNAUTHENTICATED', message: 'Sign in' }, 401) });
    const listener = vi.fn();
    const unsubscribe = onUnauthorized(listener);

    await api.GET('/members').catch(() => {});
    await apiExpecting401.GET('/members').catch(() => {});
    unsubscribe();

    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('fills in a readable message when the server sends only a code', async () => {
    mockApi({ 'POST /auth/login': json({ code: 'INVALID_CREDENTIALS' }, 401) });
    const login = apiExpecting401.POST('/auth/login', { body: { email: 'a@example.com', password: 'x' } });
    await expect(login).rejects.toMatchObject({
      message: 'Email or password is incorrect.',
    });
  });

  it('returns undefined for 204', async () => {
    mockApi({ 'DELETE /tokens/t1': json(null, 204) });
    await expect(
      dataOf(api.DELETE('/tokens/{id}', { params: { path: { id: 't1' } } })),
    ).resolves.toBeUndefined();
  });

  it('reads text bodies with getText and still parses JSON errors', async () => {
    const fetchMock = mockApi({
      'GET /sessions/s1/notes': new Response('## Notes\n- one', {
        headers: { 'Content-Type': 'text/markdown' },
      }),
      'GET /sessions/s2/notes': json({ code: 'NOT_FOUND', message: 'Session not found' }, 404),
    });
    const notes = (id: string) =>
      dataOf(api.GET('/sessions/{id}/notes', { params: { path: { id } }, ...asText }));
    await expect(notes('s1')).resolves.toBe('## Notes\n- one');
    expect(sentHeaders(fetchMock, 0).accept).toContain('text/markdown');
    await expect(notes('s2')).rejects.toMatchObject({
      status: 404,
      message: 'Session not found',
    });
  });

  it('turns an unreachable server into NETWORK_ERROR but lets an abort through as it is', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    await expect(api.GET('/members')).rejects.toMatchObject({ status: 0, code: 'NETWORK_ERROR' });

    vi.stubGlobal('fetch', () =>
      Promise.reject(new DOMException('The user aborted a request.', 'AbortError')),
    );
    await expect(api.GET('/members')).rejects.toMatchObject({ name: 'AbortError' });
  });
});
