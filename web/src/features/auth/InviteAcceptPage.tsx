import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { fetchInvitePreview } from '../../api/auth';
import { ApiError } from '../../api/client';
import { buttonClasses } from '../../components/ui/buttonStyles';
import { Notice } from '../../components/ui/Notice';
import { LoadingState } from '../../components/ui/Spinner';
import { errorMessage } from '../../lib/errors';
import { usePageTitle } from '../../lib/usePageTitle';
import { AuthLayout } from './AuthLayout';
import { InviteAcceptForm } from './InviteAcceptForm';

/** Public page behind an invite link: shows who is inviting whom, then lets the invitee set a password. */
export function InviteAcceptPage() {
  usePageTitle('Accept invite');
  const { token = '' } = useParams();
  const preview = useQuery({
    queryKey: ['invite-preview', token],
    queryFn: () => fetchInvitePreview(token),
    retry: false, // 404/410 are final answers; retrying only delays the explanation.
    staleTime: Infinity,
  });

  if (preview.isPending) {
    return (
      <AuthLayout title="Accept invite">
        <LoadingState label="Checking your invite…" />
      </AuthLayout>
    );
  }

  if (preview.isError) return <InviteUnavailable error={preview.error} />;

  return (
    <AuthLayout
      title={`Join ${preview.data.account.name}`}
      subtitle="Set up your ResolutionFlow account to accept this invite."
    >
      <InviteAcceptForm token={token} preview={preview.data} />
    </AuthLayout>
  );
}

/** Turns the server's answer for a dead invite into a heading people understand, plus the next step. */
function describeInviteError(error: unknown): { title: string; advice: string } {
  const code = error instanceof ApiError ? error.code : null;
  const status = error instanceof ApiError ? error.status : 0;
  const askAdmin = 'Ask an admin on your team to send you a new invite.';
  switch (code) {
    case 'INVITE_EXPIRED':
      return { title: 'This invite has expired', advice: askAdmin };
    case 'INVITE_REVOKED':
      return { title: 'This invite was revoked', advice: askAdmin };
    case 'INVITE_USED':
    case 'INVITE_ALREADY_ACCEPTED':
      return {
        title: 'This invite has already been used',
        advice: 'If you set up your account already, sign in instead.',
      };
  }
  if (status === 410) return { title: 'This invite is no longer valid', advice: askAdmin };
  if (status === 404)
    return { title: 'Invite not found', advice: `Check that you opened the full link. ${askAdmin}` };
  return { title: 'We could not check this invite', advice: 'Please reload the page to try again.' };
}

function InviteUnavailable({ error }: { error: unknown }) {
  const { title, advice } = describeInviteError(error);
  return (
    <AuthLayout title={title}>
      <div className="space-y-5">
        <Notice tone="error">{errorMessage(error, 'This invite cannot be used.')}</Notice>
        <p className="text-sm text-slate-700 dark:text-slate-300">{advice}</p>
        <Link to="/login" className={buttonClasses('secondary', 'md', 'w-full')}>
          Go to sign in
        </Link>
      </div>
    </AuthLayout>
  );
}
