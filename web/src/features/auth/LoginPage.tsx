import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import { Button } from '../../components/ui/Button';
import { Input } from '../../components/ui/Input';
import { Notice } from '../../components/ui/Notice';
import { errorMessage } from '../../lib/errors';
import { usePageTitle } from '../../lib/usePageTitle';
import type { MfaChallenge } from '../../api/auth';
import { MfaSignInStep } from '../mfa/MfaSignInStep';
import { AuthLayout } from './AuthLayout';
import { useAuth } from './AuthContext';
import { SsoSignIn, useSsoError } from './SsoSignIn';

function loginErrorText(error: unknown): string {
  if (error instanceof ApiError && error.status === 429 && error.retryAfterSeconds) {
    return `${error.message} You can try again in ${error.retryAfterSeconds} second${error.retryAfterSeconds === 1 ? '' : 's'}.`;
  }
  return errorMessage(error, 'Sign in failed. Please try again.');
}

/**
 * Shown at /login and in place of any protected page when there is no session, so after signing in
 * the user is already on the page they asked for.
 */
export function LoginPage({ notice }: { notice?: string }) {
  usePageTitle('Sign in');
  const { login } = useAuth();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // Set when the password was right and a second factor is needed (two-factor sign-in).
  const [challenge, setChallenge] = useState<MfaChallenge | null>(null);
  // Set when single sign-on sent the browser back here with a reason (SsoSignIn.tsx).
  const ssoError = useSsoError();

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!email.trim() || !password) {
      setError('Enter your email and password.');
      return;
    }
    setPending(true);
    setError(null);
    try {
      const next = await login(email.trim(), password);
      if (next) {
        setChallenge(next);
        setPassword('');
        setPending(false);
      }
    } catch (err) {
      setError(loginErrorText(err));
      setPending(false); // Only on failure: on success this page unmounts.
    }
  };

  if (challenge) {
    return (
      <AuthLayout title="Two-factor sign-in" subtitle={email.trim()}>
        <MfaSignInStep challenge={challenge} onRestart={() => setChallenge(null)} />
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="Sign in" subtitle="Use the email address your team invited.">
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        {notice && !error && <Notice tone="info">{notice}</Notice>}
        {ssoError && !error && <Notice tone="error">{ssoError}</Notice>}
        {error && <Notice tone="error">{error}</Notice>}
        <Input
          label="Email"
          type="email"
          name="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <Input
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <Button type="submit" variant="primary" loading={pending} className="w-full">
          Sign in
        </Button>
        <p className="text-center text-sm">
          <Link
            to="/forgot-password"
            className="font-medium text-accent-700 underline hover:no-underline dark:text-accent-300"
          >
            Forgot password?
          </Link>
        </p>
      </form>
      <div className="mt-6 border-t border-slate-200 pt-6 dark:border-slate-800">
        <SsoSignIn />
      </div>
    </AuthLayout>
  );
}
