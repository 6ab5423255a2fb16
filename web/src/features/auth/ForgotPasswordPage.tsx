import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import { Button } from '../../components/ui/Button';
import { buttonClasses } from '../../components/ui/buttonStyles';
import { Input } from '../../components/ui/Input';
import { Notice } from '../../components/ui/Notice';
import { errorMessage } from '../../lib/errors';
import { usePageTitle } from '../../lib/usePageTitle';
import { AuthLayout } from './AuthLayout';
import { requestPasswordReset } from './passwordResetApi';

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function requestErrorText(error: unknown): string {
  if (error instanceof ApiError && error.status === 429) {
    const minutes = error.retryAfterSeconds ? Math.ceil(error.retryAfterSeconds / 60) : null;
    return `${error.message}${minutes ? ` You can ask again in ${minutes} minute${minutes === 1 ? '' : 's'}.` : ''}`;
  }
  return errorMessage(error, 'Could not send the reset link. Please try again.');
}

/** Public page behind "Forgot password?": asks for the email and says the same thing whatever it is. */
export function ForgotPasswordPage() {
  usePageTitle('Reset password');
  const [email, setEmail] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const send = useMutation({ mutationFn: requestPasswordReset });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = email.trim();
    if (!EMAIL_SHAPE.test(value)) {
      setFieldError('Enter the email address you sign in with.');
      return;
    }
    setFieldError(undefined);
    send.mutate(value);
  };

  if (send.isSuccess) {
    return (
      <AuthLayout title="Check your email">
        <div className="space-y-5">
          <Notice tone="success">
            If an active account uses <strong className="break-all">{send.variables}</strong>, we have sent it
            a link to set a new password.
          </Notice>
          <p className="text-sm text-slate-700 dark:text-slate-300">
            The link works once, for one hour. Nothing arrived after a few minutes? Check your spam folder, or
            ask an admin on your team whether this is the address your account uses.
          </p>
          <Link to="/login" className={buttonClasses('secondary', 'md', 'w-full')}>
            Back to sign in
          </Link>
        </div>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="Reset your password" subtitle="We will email you a link to choose a new one.">
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        {send.isError && <Notice tone="error">{requestErrorText(send.error)}</Notice>}
        <Input
          label="Email"
          type="email"
          name="email"
          autoComplete="username"
          required
          value={email}
          error={fieldError}
          onChange={(e) => setEmail(e.target.value)}
        />
        <Button type="submit" variant="primary" loading={send.isPending} className="w-full">
          Send reset link
        </Button>
        <p className="text-center text-sm">
          <Link
            to="/login"
            className="font-medium text-accent-700 underline hover:no-underline dark:text-accent-300"
          >
            Back to sign in
          </Link>
        </p>
      </form>
    </AuthLayout>
  );
}
