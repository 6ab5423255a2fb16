import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import * as authApi from '../../api/auth';
import { ApiError, onMfaEnrolmentRequired, onUnauthorized, type Schemas } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import { AuthContext, type AuthContextValue, type AuthState } from './AuthContext';

function authenticated(session: Schemas['SessionInfo']): AuthState {
  return {
    status: 'authenticated',
    user: session.user,
    account: session.account,
    mfaEnrolmentRequired: session.mfa_enrolment_required === true,
  };
}

/** Owns "who is signed in": asks GET /me on load and drops to the login page on any 401. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<AuthState>({ status: 'loading' });
  const [loadAttempt, setLoadAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    authApi.fetchMe().then(
      (session) => !cancelled && setState(authenticated(session)),
      (error: unknown) => {
        if (cancelled) return;
        if (error instanceof ApiError && error.status === 401) setState({ status: 'anonymous' });
        else setState({ status: 'error', message: errorMessage(error, 'Could not load your session.') });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [loadAttempt]);

  useEffect(
    () =>
      onUnauthorized(() =>
        setState((previous) =>
          previous.status === 'authenticated'
            ? { status: 'anonymous', reason: 'expired' }
            : { status: 'anonymous' },
        ),
      ),
    [],
  );

  useEffect(
    () =>
      onMfaEnrolmentRequired(() =>
        setState((previous) =>
          previous.status === 'authenticated' ? { ...previous, mfaEnrolmentRequired: true } : previous,
        ),
      ),
    [],
  );

  const startSession = useCallback(
    (session: Schemas['SessionInfo']) => {
      // Never let one user's cached lists show up for the next person who signs in on this browser.
      queryClient.clear();
      setState(authenticated(session));
    },
    [queryClient],
  );

  const login = useCallback(
    async (email: string, password: string) => {
      const answer = await authApi.login(email, password);
      if (authApi.isMfaChallenge(answer)) return answer;
      startSession(answer);
      return null;
    },
    [startSession],
  );

  const completeMfa = useCallback(
    async (mfaToken: string, proof: authApi.MfaSignInProof) =>
      startSession(await authApi.completeMfa(mfaToken, proof)),
    [startSession],
  );

  const mfaEnrolled = useCallback(
    () =>
      setState((previous) =>
        previous.status === 'authenticated' ? { ...previous, mfaEnrolmentRequired: false } : previous,
      ),
    [],
  );

  const logout = useCallback(async () => {
    try {
      await authApi.logout();
    } catch {
      // Even if the server call fails, stop showing this session locally.
    }
    queryClient.clear();
    setState({ status: 'anonymous', reason: 'logged-out' });
  }, [queryClient]);

  const reload = useCallback(() => {
    setState({ status: 'loading' });
    setLoadAttempt((n) => n + 1);
  }, []);

  const value = useMemo<AuthContextValue>(
    () => ({ state, login, completeMfa, mfaEnrolled, logout, startSession, reload }),
    [state, login, completeMfa, mfaEnrolled, logout, startSession, reload],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
