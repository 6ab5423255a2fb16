import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Button } from '../../components/ui/Button';
import { CopyField } from '../../components/ui/CopyField';
import { Input } from '../../components/ui/Input';
import { Notice } from '../../components/ui/Notice';
import { LoadingState } from '../../components/ui/Spinner';
import { errorMessage } from '../../lib/errors';
import { useConfirmTotp, useStartTotp } from './api';

/**
 * Setting up an authenticator app: a QR code (and the secret to type by hand), then a first code to
 * prove the app works. Hands the recovery codes to `onEnrolled`, which shows them once.
 */
export function TotpEnrolment({ onEnrolled }: { onEnrolled: (recoveryCodes: string[]) => void }) {
  const start = useStartTotp();
  const confirm = useConfirmTotp();
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | null>(null);
  const started = useRef(false);

  // One new secret per visit: starting again replaces the one not yet confirmed.
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    start.mutate();
  }, [start]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!/^\d{6}$/.test(code)) {
      setCodeError('Enter the six-digit code your app shows.');
      return;
    }
    setCodeError(null);
    confirm.mutate(code, {
      onSuccess: (answer) => onEnrolled(answer.recovery_codes),
      onError: () => setCode(''),
    });
  };

  if (start.isPending || start.isIdle) return <LoadingState label="Preparing your set-up…" />;
  if (start.isError) {
    return (
      <div className="space-y-3">
        <Notice tone="error">{errorMessage(start.error, 'Could not start the set-up.')}</Notice>
        <Button onClick={() => start.mutate()}>Try again</Button>
      </div>
    );
  }
  const enrolment = start.data;
  return (
    <div className="space-y-5">
      <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-700 dark:text-slate-300">
        <li>Open an authenticator app (Microsoft Authenticator, Google Authenticator, 1Password…).</li>
        <li>Scan this QR code, or type the secret key by hand.</li>
        <li>Enter the six-digit code the app shows.</li>
      </ol>
      <img
        src={enrolment.qr_data_url}
        alt="QR code to add ResolutionFlow to your authenticator app"
        width={200}
        height={200}
        className="rounded-md border border-slate-200 bg-white p-2 dark:border-slate-700"
      />
      <CopyField label="Secret key" value={enrolment.secret} />
      <form onSubmit={onSubmit} noValidate className="space-y-3" aria-label="Confirm authenticator app">
        {confirm.isError && (
          <Notice tone="error">
            {errorMessage(confirm.error, 'That code did not work. Try the next one.')}
          </Notice>
        )}
        <Input
          label="Code from the app"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          value={code}
          error={codeError ?? undefined}
          onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
        />
        <Button type="submit" variant="primary" loading={confirm.isPending}>
          Turn on two-factor sign-in
        </Button>
      </form>
    </div>
  );
}
