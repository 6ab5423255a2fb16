import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Card } from '../../components/ui/Card';
import { Checkbox } from '../../components/ui/Checkbox';
import { LoadError } from '../../components/ui/LoadError';
import { Notice } from '../../components/ui/Notice';
import { LoadingState } from '../../components/ui/Spinner';
import { useToast } from '../../components/ui/Toast';
import { errorMessage } from '../../lib/errors';
import { canManageMembers } from '../../lib/roles';
import { usePageTitle } from '../../lib/usePageTitle';
import { useSession } from '../auth/AuthContext';
import {
  useAccountSettings,
  useDisableTotp,
  useMfaStatus,
  useRegenerateRecoveryCodes,
  useUpdateAccountSettings,
} from './api';
import { PasskeysCard } from './PasskeysCard';
import { ProofForm } from './ProofForm';
import { RecoveryCodesPanel } from './RecoveryCodesPanel';
import { TotpEnrolment } from './TotpEnrolment';

type Mode = 'idle' | 'enrolling' | 'disabling' | 'regenerating' | { codes: string[] };

/** Settings → Two-factor: one's own authenticator app and recovery codes; for admins, the account rule. */
export function TwoFactorPage() {
  usePageTitle('Two-factor authentication');
  const { user } = useSession();
  return (
    <div className="space-y-6">
      <OwnTwoFactorCard />
      <PasskeysCard />
      {canManageMembers(user.role) && <RequireMfaCard />}
    </div>
  );
}

function OwnTwoFactorCard() {
  const status = useMfaStatus();
  const disable = useDisableTotp();
  const regenerate = useRegenerateRecoveryCodes();
  const { notify } = useToast();
  const [mode, setMode] = useState<Mode>('idle');

  const body = () => {
    if (typeof mode === 'object') {
      return <RecoveryCodesPanel codes={mode.codes} onDone={() => setMode('idle')} />;
    }
    if (status.isPending) return <LoadingState label="Loading…" />;
    if (status.isError)
      return (
        <LoadError what="two-factor settings" error={status.error} onRetry={() => void status.refetch()} />
      );
    const mfa = status.data;
    // A passkey alone also turns two-factor sign-in on; this card is about the authenticator app.
    if (!mfa.methods.includes('totp')) {
      if (mode === 'enrolling') return <TotpEnrolment onEnrolled={(codes) => setMode({ codes })} />;
      return (
        <div className="space-y-3">
          <p className="text-sm text-slate-700 dark:text-slate-300">
            {mfa.enabled ? (
              <>
                No authenticator app is set up; your passkeys protect your sign-in. You have{' '}
                <strong>{mfa.recovery_codes_left}</strong> unused recovery code
                {mfa.recovery_codes_left === 1 ? '' : 's'}.
              </>
            ) : (
              <>
                Two-factor sign-in is <strong>off</strong>. Turn it on to ask for a code from your phone after
                your password, or add a passkey below.
              </>
            )}
          </p>
          {mfa.account_requires_mfa && (
            <Notice tone="warning">Your account requires two-factor sign-in for every member.</Notice>
          )}
          <Button variant="primary" onClick={() => setMode('enrolling')}>
            Set up authenticator app
          </Button>
        </div>
      );
    }
    return (
      <div className="space-y-4">
        <p className="text-sm text-slate-700 dark:text-slate-300">
          Two-factor sign-in is <strong>on</strong> with an authenticator app. You have{' '}
          <strong>{mfa.recovery_codes_left}</strong> unused recovery code
          {mfa.recovery_codes_left === 1 ? '' : 's'}.
        </p>
        {mode === 'disabling' && (
          <ProofForm
            label="Turn off two-factor sign-in"
            submitLabel="Turn off"
            pending={disable.isPending}
            error={disable.error}
            onCancel={() => setMode('idle')}
            onSubmit={(proof) =>
              disable.mutate(proof, {
                onSuccess: () => {
                  notify('Two-factor sign-in is off.');
                  setMode('idle');
                },
              })
            }
          />
        )}
        {mode === 'regenerating' && (
          <ProofForm
            label="New recovery codes"
            submitLabel="Make new codes"
            pending={regenerate.isPending}
            error={regenerate.error}
            onCancel={() => setMode('idle')}
            onSubmit={(proof) =>
              regenerate.mutate(proof, { onSuccess: (answer) => setMode({ codes: answer.recovery_codes }) })
            }
          />
        )}
        {mode === 'idle' && (
          <div className="flex flex-wrap gap-2">
            <Button
              onClick={() => {
                regenerate.reset();
                setMode('regenerating');
              }}
            >
              New recovery codes
            </Button>
            <Button
              variant="ghost"
              onClick={() => {
                disable.reset();
                setMode('disabling');
              }}
            >
              Turn off
            </Button>
          </div>
        )}
      </div>
    );
  };

  return (
    <Card
      title="Two-factor authentication"
      description="A code from an authenticator app on your phone, asked for after your password."
    >
      {body()}
    </Card>
  );
}

function RequireMfaCard() {
  const settings = useAccountSettings(true);
  const update = useUpdateAccountSettings();
  return (
    <Card title="Account security" description="Rules for every member of your account.">
      {settings.isPending && <LoadingState label="Loading…" />}
      {settings.isError && (
        <LoadError what="account settings" error={settings.error} onRetry={() => void settings.refetch()} />
      )}
      {settings.isSuccess && (
        <div className="space-y-3">
          {update.isError && <Notice tone="error">{errorMessage(update.error)}</Notice>}
          <Checkbox
            label="Require two-factor sign-in for everyone"
            hint="Members without it are asked to set up an authenticator app before they can do anything else."
            checked={settings.data.require_mfa}
            disabled={update.isPending}
            onChange={(e) => update.mutate({ require_mfa: e.target.checked })}
          />
        </div>
      )}
    </Card>
  );
}
