import { isMfaChallenge, type MfaChallenge } from '../../api/auth';
import { apiExpecting401, dataOf, setCsrfToken, type Schemas } from '../../api/client';

/** Always answers the same way whether or not the email belongs to someone. */
export function requestPasswordReset(email: string): Promise<Schemas['PasswordResetAccepted']> {
  return dataOf(apiExpecting401.POST('/auth/password-reset', { body: { email } }));
}

/** What a usable reset link is for, shown above the new-password form. */
export function fetchPasswordResetPreview(token: string): Promise<Schemas['PasswordResetPreview']> {
  return dataOf(apiExpecting401.GET('/auth/password-reset/{token}', { params: { path: { token } } }));
}

/**
 * Sets the new password; the server signs the user in, so the CSRF token is remembered like at login.
 * With two-factor sign-in on, it answers the second step's challenge instead.
 */
export async function confirmPasswordReset(
  input: Schemas['PasswordResetConfirm'],
): Promise<Schemas['SessionInfo'] | MfaChallenge> {
  const answer = await dataOf(apiExpecting401.POST('/auth/password-reset/confirm', { body: input }));
  if (isMfaChallenge(answer)) return answer;
  setCsrfToken(answer.csrf_token);
  return answer;
}
