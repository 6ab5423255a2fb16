import { createContext, useContext } from 'react';
import type { MfaChallenge, MfaSignInProof } from '../../api/auth';
import type { Schemas } from '../../api/client';

type Account = Schemas['Account'];
type User = Schemas['User'];

export type AuthState =
  | { status: 'loading' }
  /** `mfaEnrolmentRequired`: the account requires MFA and this user has none; only enrolment is open. */
  | { status: 'authenticated'; user: User; account: Account; mfaEnrolmentRequired?: boolean }
  /** `expired`: a request came back 401 mid-session, so the login page explains why it appeared. */
  | { status: 'anonymous'; reason?: 'expired' | 'logged-out' }
  /** /me failed for a reason other than 401 (server down, network): we cannot tell who the user is. */
  | { status: 'error'; message: string };

export interface AuthContextValue {
  state: AuthState;
  /** Signs in, or answers the challenge of a second sign-in step (the user has MFA). */
  login: (email: string, password: string) => Promise<MfaChallenge | null>;
  /** The second sign-in step: a code from the authenticator app, or a recovery code. */
  completeMfa: (mfaToken: string, proof: MfaSignInProof) => Promise<void>;
  /** The enrolment the account required is done: the whole app opens. */
  mfaEnrolled: () => void;
  logout: () => Promise<void>;
  /** Adopt a session obtained elsewhere, e.g. from accepting an invite. */
  startSession: (session: Schemas['SessionInfo']) => void;
  /** Ask the server again who we are (after an `error`). */
  reload: () => void;
}

export const AuthContext = createContext<AuthContextValue | null>(null);

export function useAuth(): AuthContextValue {
  const context = useContext(AuthContext);
  if (!context) throw new Error('useAuth must be used inside <AuthProvider>');
  return context;
}

/** For components that only render behind the login gate, where a session is guaranteed. */
export function useSession(): { user: User; account: Account } {
  const { state } = useAuth();
  if (state.status !== 'authenticated') throw new Error('useSession called without an authenticated session');
  return { user: state.user, account: state.account };
}
