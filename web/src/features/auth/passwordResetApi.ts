import { api, setCsrfToken } from '../../api/client';
import type { Account, Session } from '../../api/types';

/** What a usable reset link is for, shown above the new-password form. */
export interface PasswordResetPreview {
  email: string;
  account: Account;
  expires_at: string;
}

/** Always answers the same way whether or not the email belongs to someone. */
export function requestPasswordReset(email: string): Promise<{ message: string }> {
  return api.post<{ message: string }>('/auth/password-reset', { email }, { expectUnauthorized: true });
}

export function fetchPasswordResetPreview(token: string): Promise<PasswordResetPreview> {
  return api.get<PasswordResetPreview>(`/auth/password-reset/${encodeURIComponent(token)}`, {
    expectUnauthorized: true,
  });
}

/** Sets the new password; the server signs the user in, so the CSRF token is remembered like at login. */
export async function confirmPasswordReset(input: { token: string; password: string }): Promise<Session> {
  const session = await api.post<Session>('/auth/password-reset/confirm', input, {
    expectUnauthorized: true,
  });
  setCsrfToken(session.csrf_token);
  return session;
}
