import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { buttonClasses } from '../../components/ui/buttonStyles';
import { Notice } from '../../components/ui/Notice';
import { LoadingState } from '../../components/ui/Spinner';
import { errorMessage } from '../../lib/errors';
import { usePageTitle } from '../../lib/usePageTitle';
import { AuthLayout } from './AuthLayout';
import { fetchPasswordResetPreview } from './passwordResetApi';
import { ResetPasswordForm } from './ResetPasswordForm';

/** Public page behind a reset link from the email: checks the link, then asks for the new password. */
export function ResetPasswordPage() {
  usePageTitle('Set a new password');
  const { token = '' } = useParams();
  const preview = useQuery({
    queryKey: ['password-reset-preview', token],
    queryFn: () => fetchPasswordResetPreview(token),
    retry: false, // 404/410 are final answers; retrying only delays the explanation.
    staleTime: Infinity,
  });

  if (preview.isPending) {
    return (
      <AuthLayout title="Set a new password">
        <LoadingState label="Checking your link…" />
      </AuthLayout>
    );
  }

  if (preview.isError) return <ResetLinkUnavailable error={preview.error} />;

  return (
    <AuthLayout title="Set a new password" subtitle="Choose the password you will sign in with from now on.">
      <ResetPasswordForm token={token} preview={preview.data} />
    </AuthLayout>
  );
}

/** Turns the server's answer for a dead link into a heading people understand, plus the next step. */
function describeResetError(error: unknown): { title: string; advice: string; canRetry: boolean } {
  const code = error instanceof ApiError ? error.code : '';
  const askAgain = 'You can ask for a new link; it works for one hour.';
  switch (code) {
    case 'RESET_LINK_EXPIRED':
      return { title: 'This link has expired', advice: askAgain, canRetry: true };
    case 'RESET_LINK_USED':
      return {
        title: 'This link has already been used',
        advice: `If you set your password already, sign in. ${askAgain}`,
        canRetry: true,
      };
    case 'RESET_LINK_REPLACED':
      return {
        title: 'A newer link was sent',
        advice: 'Use the link in the most recent email, or ask for a new one.',
        canRetry: true,
      };
    case 'RESET_LINK_INVALID':
      return {
        title: 'Link not found',
        advice: `Check that you opened the whole link from the email. ${askAgain}`,
        canRetry: true,
      };
    case 'USER_DEACTIVATED':
      return {
        title: 'This account is deactivated',
        advice: 'Ask an admin on your team to reactivate it.',
        canRetry: false,
      };
    default:
      return {
        title: 'We could not check this link',
        advice: 'Please reload the page to try again.',
        canRetry: false,
      };
  }
}

function ResetLinkUnavailable({ error }: { error: unknown }) {
  const { title, advice, canRetry } = describeResetError(error);
  return (
    <AuthLayout title={title}>
      <div className="space-y-5">
        <Notice tone="error">{errorMessage(error, 'This link cannot be used.')}</Notice>
        <p className="text-sm text-slate-700 dark:text-slate-300">{advice}</p>
        {canRetry && (
          <Link to="/forgot-password" className={buttonClasses('primary', 'md', 'w-full')}>
            Send a new link
          </Link>
        )}
        <Link to="/login" className={buttonClasses('secondary', 'md', 'w-full')}>
          Go to sign in
        </Link>
      </div>
    </AuthLayout>
  );
}
