import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { usePageTitle } from '../../lib/usePageTitle';
import { useAuth, useSession } from '../auth/AuthContext';
import { AuthLayout } from '../auth/AuthLayout';
import { RecoveryCodesPanel } from './RecoveryCodesPanel';
import { TotpEnrolment } from './TotpEnrolment';

/**
 * Shown instead of the app while the account requires two-factor sign-in and the user has none:
 * the server refuses everything else until enrolment is done, so the user is walked through it here.
 */
export function MfaEnrolmentGate() {
  usePageTitle('Set up two-factor sign-in');
  const { account } = useSession();
  const { mfaEnrolled, logout } = useAuth();
  const [codes, setCodes] = useState<string[] | null>(null);
  return (
    <AuthLayout
      title="Set up two-factor sign-in"
      subtitle={`${account.name} requires a code from an authenticator app at every sign-in.`}
    >
      {codes ? (
        <RecoveryCodesPanel codes={codes} onDone={mfaEnrolled} doneLabel="Continue to ResolutionFlow" />
      ) : (
        <TotpEnrolment onEnrolled={setCodes} />
      )}
      <Button variant="ghost" className="mt-4 w-full" onClick={() => void logout()}>
        Sign out
      </Button>
    </AuthLayout>
  );
}
