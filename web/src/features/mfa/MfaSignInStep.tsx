import { useState, type FormEvent } from 'react';
import { passkeySignInOptions, type MfaChallenge } from '../../api/auth';
import { ApiError } from '../../api/client';
import { Button } from '../../components/ui/Button';
import { Input } from '../../components/ui/Input';
import { Notice } from '../../components/ui/Notice';
import { useAuth } from '../auth/AuthContext';
import { askPasskey, passkeyErrorText } from './passkey-browser';

function stepErrorText(error: unknown): string {
  if (error instanceof ApiError && error.status === 429 && error.retryAfterSeconds) {
    return `${error.message} You can try again in ${error.retryAfterSeconds} seconds.`;
  }
  return passkeyErrorText(error, 'That code did not work. Please try again.');
}

/** A spent or expired challenge cannot be retried: the only way on is to sign in again. */
const mustRestart = (error: unknown) =>
  error instanceof ApiError &&
  (error.code === 'MFA_TOKEN_INVALID' ||
    (error.code === 'MFA_TOO_MANY_ATTEMPTS' && !error.retryAfterSeconds));

/**
 * The second sign-in step: the six digits from the authenticator app, or one of the recovery codes.
 * Shown after a right password (login page) or a password reset, for users with two-factor sign-in.
 */
export function MfaSignInStep({
  challenge,
  onRestart,
  onSignedIn,
}: {
  challenge: MfaChallenge;
  onRestart: () => void;
  /** Where to go once signed in, for pages outside the login gate (the gate re-renders by itself). */
  onSignedIn?: () => void;
}) {
  const { completeMfa } = useAuth();
  const hasApp = challenge.methods.includes('totp');
  // Without an authenticator app, the code form takes a recovery code.
  const [useRecovery, setUseRecovery] = useState(!hasApp);
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = code.trim();
    if (!value) {
      setError(
        new Error(useRecovery ? 'Enter one of your recovery codes.' : 'Enter the code from your app.'),
      );
      return;
    }
    setPending(true);
    setError(null);
    try {
      await completeMfa(challenge.mfa_token, useRecovery ? { recovery_code: value } : { code: value });
      onSignedIn?.();
    } catch (err) {
      setError(err);
      setCode('');
      setPending(false); // Only on failure: on success the signed-in app replaces this form.
    }
  };

  const offersPasskey = challenge.methods.includes('passkey');
  /** The browser asks the user's authenticator; its answer goes with the other proofs. */
  const signInWithPasskey = async () => {
    setPending(true);
    setError(null);
    try {
      const options = await passkeySignInOptions(challenge.mfa_token);
      const answer = await askPasskey(options);
      await completeMfa(challenge.mfa_token, { passkey: answer });
      onSignedIn?.();
    } catch (err) {
      setError(err);
      setPending(false);
    }
  };

  const restart = error !== null && mustRestart(error);
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Two-factor sign-in">
      <p className="text-sm text-slate-700 dark:text-slate-300">
        {useRecovery
          ? 'Enter one of the recovery codes you saved when you set up two-factor sign-in. Each code works once.'
          : 'Open your authenticator app and enter the six-digit code for ResolutionFlow.'}
        {challenge.methods.includes('passkey') && ' Or use one of your passkeys.'}
      </p>
      {error !== null && <Notice tone="error">{stepErrorText(error)}</Notice>}
      {restart ? (
        <Button type="button" variant="primary" className="w-full" onClick={onRestart}>
          Sign in again
        </Button>
      ) : (
        <>
          {useRecovery ? (
            <Input
              key="recovery"
              label="Recovery code"
              name="recovery_code"
              autoComplete="off"
              spellCheck={false}
              autoFocus
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
          ) : (
            <Input
              key="totp"
              label="Authentication code"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]*"
              maxLength={6}
              autoFocus
              value={code}
              onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
            />
          )}
          <Button type="submit" variant="primary" loading={pending} className="w-full">
            Verify
          </Button>
          {offersPasskey && (
            <Button
              type="button"
              className="w-full"
              disabled={pending}
              onClick={() => void signInWithPasskey()}
            >
              Use a passkey
            </Button>
          )}
          <div className="flex justify-between gap-4 text-sm">
            {hasApp ? (
              <button
                type="button"
                className="font-medium text-accent-700 underline hover:no-underline dark:text-accent-300"
                onClick={() => {
                  setUseRecovery((r) => !r);
                  setCode('');
                  setError(null);
                }}
              >
                {useRecovery ? 'Use the authenticator app' : 'Use a recovery code'}
              </button>
            ) : (
              <span />
            )}
            <button
              type="button"
              className="text-slate-600 underline hover:no-underline dark:text-slate-400"
              onClick={onRestart}
            >
              Back
            </button>
          </div>
        </>
      )}
    </form>
  );
}
