import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { Button } from '../../components/ui/Button';
import { Notice } from '../../components/ui/Notice';
import { useToast } from '../../components/ui/Toast';
import { errorMessage, fieldErrors } from '../../lib/errors';
import { useAuth } from './AuthContext';
import { checkNewPassword, NewPasswordFields, type NewPasswordErrors } from './NewPasswordFields';
import type { Schemas } from '../../api/client';
import { confirmPasswordReset } from './passwordResetApi';
import { isMfaChallenge, type MfaChallenge } from '../../api/auth';
import { MfaSignInStep } from '../mfa/MfaSignInStep';

/** The new password, twice; on success the server has signed the user in everywhere else out. */
export function ResetPasswordForm({
  token,
  preview,
}: {
  token: string;
  preview: Schemas['PasswordResetPreview'];
}) {
  const { state, startSession } = useAuth();
  const navigate = useNavigate();
  const { notify } = useToast();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<NewPasswordErrors>({});
  const [challenge, setChallenge] = useState<MfaChallenge | null>(null);

  const reset = useMutation({
    mutationFn: confirmPasswordReset,
    onSuccess: (session) => {
      // Two-factor sign-in stays on after a reset: the new password is followed by the second step.
      if (isMfaChallenge(session)) {
        setChallenge(session);
        return;
      }
      startSession(session);
      notify('Your password has been changed. Other devices have been signed out.');
      navigate('/', { replace: true });
    },
  });
  const serverField = reset.isError ? fieldErrors(reset.error).password : undefined;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = checkNewPassword(password, confirm);
    setErrors(found);
    if (Object.keys(found).length === 0) reset.mutate({ token, password });
  };

  if (challenge) {
    return (
      <div className="space-y-4">
        <Notice tone="success">
          Your password has been changed. Finish signing in with your second factor.
        </Notice>
        <MfaSignInStep
          challenge={challenge}
          onRestart={() => navigate('/login', { replace: true })}
          onSignedIn={() => {
            notify('Your password has been changed. Other devices have been signed out.');
            navigate('/', { replace: true });
          }}
        />
      </div>
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded-md bg-slate-50 px-4 py-3 text-sm dark:bg-slate-800/60">
        <dt className="text-slate-600 dark:text-slate-400">Account</dt>
        <dd className="font-medium break-words">{preview.account.name}</dd>
        <dt className="text-slate-600 dark:text-slate-400">Email</dt>
        <dd className="font-medium break-all">{preview.email}</dd>
      </dl>
      {state.status === 'authenticated' && state.user.email !== preview.email && (
        <Notice tone="warning">
          You are signed in as {state.user.email}. Setting this password signs you in as {preview.email}{' '}
          instead.
        </Notice>
      )}
      {reset.isError && !serverField && (
        <Notice tone="error">{errorMessage(reset.error, 'Could not set the new password.')}</Notice>
      )}
      {/* A hidden username field lets password managers store the new password under the right login. */}
      <input type="email" name="username" autoComplete="username" value={preview.email} readOnly hidden />
      <NewPasswordFields
        labels={{ password: 'New password', confirm: 'Confirm new password' }}
        password={password}
        confirm={confirm}
        errors={{ password: errors.password ?? serverField, confirm: errors.confirm }}
        onPasswordChange={setPassword}
        onConfirmChange={setConfirm}
      />
      <Button type="submit" variant="primary" loading={reset.isPending} className="w-full">
        Set new password and sign in
      </Button>
    </form>
  );
}
