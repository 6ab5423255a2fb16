import { api, setCsrfToken } from './client';
import type { InvitePreview, Session } from './types';

// Every call that yields a session also hands out the CSRF token; remember it before returning.
function remember(session: Session): Session {
  setCsrfToken(session.csrf_token);
  return session;
}

export async function fetchMe(): Promise<Session> {
  return remember(await api.get<Session>('/me', { expectUnauthorized: true }));
}

export async function login(email: string, password: string): Promise<Session> {
  return remember(await api.post<Session>('/auth/login', { email, password }, { expectUnauthorized: true }));
}

export async function logout(): Promise<void> {
  try {
    await api.post<void>('/auth/logout', undefined, { expectUnauthorized: true });
  } finally {
    setCsrfToken(null);
  }
}

export function fetchInvitePreview(token: string): Promise<InvitePreview> {
  return api.get<InvitePreview>(`/invites/accept/${encodeURIComponent(token)}`, { expectUnauthorized: true });
}

export interface AcceptInviteInput {
  token: string;
  name: string;
  password: string;
}

export async function acceptInvite(input: AcceptInviteInput): Promise<Session> {
  return remember(await api.post<Session>('/invites/accept', input, { expectUnauthorized: true }));
}
