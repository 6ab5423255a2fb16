import type { ReactNode } from 'react';
import { Button } from '../components/ui/Button';
import { Notice } from '../components/ui/Notice';
import { LoadingState } from '../components/ui/Spinner';
import { useAuth } from '../features/auth/AuthContext';
import { AuthLayout } from '../features/auth/AuthLayout';
import { LoginPage } from '../features/auth/LoginPage';
import { MfaEnrolmentGate } from '../features/mfa/MfaEnrolmentGate';

/**
 * The login gate. Without a session it renders the login page in place (the URL is kept), so signing
 * in — including after a mid-session 401 — lands the user back on the page they were on.
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { state, reload } = useAuth();
  switch (state.status) {
    case 'loading':
      return (
        <div className="flex min-h-dvh items-center justify-center">
          <LoadingState label="Loading ResolutionFlow…" />
        </div>
      );
    case 'error':
      return (
        <AuthLayout title="Cannot reach ResolutionFlow">
          <Notice tone="error">{state.message}</Notice>
          <Button variant="primary" className="mt-4 w-full" onClick={reload}>
            Try again
          </Button>
        </AuthLayout>
      );
    case 'anonymous':
      return (
        <LoginPage
          notice={state.reason === 'expired' ? 'Your session has ended. Please sign in again.' : undefined}
        />
      );
    case 'authenticated':
      // The account requires MFA and this user has none: only the enrolment is open to them.
      if (state.mfaEnrolmentRequired) return <MfaEnrolmentGate />;
      return <>{children}</>;
  }
}
