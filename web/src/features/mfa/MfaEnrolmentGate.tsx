import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { usePageTitle } from '../../lib/usePageTitle';
import { useAuth, useSession } from '../auth/AuthContext';
import { AuthLayout } from '../auth/AuthLayout';
import { AddPasskeyForm } from './PasskeysCard';
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
      subtitle={`${account.name} requires a second factor at every sign-in: an authenticator app or a passkey.`}
    >
      {codes ? (
        <RecoveryCodesPanel codes={codes} onDone={mfaEnrolled} doneLabel="Continue to ResolutionFlow" />
      ) : (
        <div className="space-y-6">
          <TotpEnrolment onEnrolled={setCodes} />
          <section aria-labelledby="gate-passkey" className="space-y-3">
            <h2 id="gate-passkey" className="text-sm font-semibold text-slate-900 dark:text-slate-50">
              Or use a passkey
            </h2>
            {/* A first factor always comes with recovery codes. */}
            <AddPasskeyForm onAdded={(answer) => setCodes(answer.recovery_codes ?? [])} />
          </section>
        </div>
      )}
      <Button variant="ghost" className="mt-4 w-full" onClick={() => void logout()}>
        Sign out
      </Button>
    </AuthLayout>
  );
}
