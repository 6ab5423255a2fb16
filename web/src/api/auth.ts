import { apiExpecting401, dataOf, setCsrfToken, type Schemas } from './client';

/** Who is signed in: returned by login, /me, invite acceptance and a password reset. */
type SignedIn = Schemas['SessionInfo'];

// Every call that yields a session also hands out the CSRF token; remember it before returning.
function remember(session: SignedIn): SignedIn {
  setCsrfToken(session.csrf_token);
  return session;
}

export async function fetchMe(): Promise<SignedIn> {
  return remember(await dataOf(apiExpecting401.GET('/me')));
}

/** The password was right but a second factor is needed: no session yet, just this challenge. */
export type MfaChallenge = Schemas['MfaChallenge'];

export const isMfaChallenge = (answer: SignedIn | MfaChallenge): answer is MfaChallenge =>
  'mfa_required' in answer && answer.mfa_required === true;

export async function login(email: string, password: string): Promise<SignedIn | MfaChallenge> {
  const answer = await dataOf(apiExpecting401.POST('/auth/login', { body: { email, password } }));
  return isMfaChallenge(answer) ? answer : remember(answer);
}

/** A proof of the second factor: a code from the app, a recovery code, or a passkey's answer. */
export type MfaSignInProof =
  { code: string } | { recovery_code: string } | { passkey: Schemas['PasskeyAssertion'] };

/** WebAuthn options for the sign-in's second step, bound to its token (for startAuthentication). */
export function passkeySignInOptions(mfaToken: string) {
  return dataOf(apiExpecting401.POST('/auth/mfa/passkey/options', { body: { mfa_token: mfaToken } }));
}

/** The second sign-in step: the challenge's token and a code, a recovery code or a passkey answer. */
export async function completeMfa(mfaToken: string, proof: MfaSignInProof): Promise<SignedIn> {
  return remember(
    await dataOf(apiExpecting401.POST('/auth/mfa', { body: { mfa_token: mfaToken, ...proof } })),
  );
}

export async function logout(): Promise<void> {
  try {
    await apiExpecting401.POST('/auth/logout');
  } finally {
    setCsrfToken(null);
  }
}

export function fetchInvitePreview(token: string) {
  return dataOf(apiExpecting401.GET('/invites/accept/{token}', { params: { path: { token } } }));
}

export async function acceptInvite(input: Schemas['AcceptInvite']): Promise<SignedIn> {
  return remember(await dataOf(apiExpecting401.POST('/invites/accept', { body: input })));
}
