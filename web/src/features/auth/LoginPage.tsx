import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import { Button } from '../../components/ui/Button';
import { Input } from '../../components/ui/Input';
import { Notice } from '../../components/ui/Notice';
import { errorMessage } from '../../lib/errors';
import { usePageTitle } from '../../lib/usePageTitle';
import { AuthLayout } from './AuthLayout';
import { useAuth } from './AuthContext';

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

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!email.trim() || !password) {
      setError('Enter your email and password.');
      return;
    }
    setPending(true);
    setError(null);
    try {
      await login(email.trim(), password);
    } catch (err) {
      setError(loginErrorText(err));
      setPending(false); // Only on failure: on success this page unmounts.
    }
  };

  return (
    <AuthLayout title="Sign in" subtitle="Use the email address your team invited.">
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        {notice && !error && <Notice tone="info">{notice}</Notice>}
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
    </AuthLayout>
  );
}
