import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { acceptInvite } from '../../api/auth';
import type { ResponseOf } from '../../api/client';
import { Button } from '../../components/ui/Button';
import { Input } from '../../components/ui/Input';
import { Notice } from '../../components/ui/Notice';
import { useToast } from '../../components/ui/Toast';
import { errorMessage } from '../../lib/errors';
import { ROLE_LABELS } from '../../lib/roles';
import { useAuth } from './AuthContext';
import { checkNewPassword, NewPasswordFields, type NewPasswordErrors } from './NewPasswordFields';

interface FieldErrors extends NewPasswordErrors {
  name?: string;
}

function validate(name: string, password: string, confirm: string): FieldErrors {
  const errors: FieldErrors = checkNewPassword(password, confirm);
  if (!name.trim()) errors.name = 'Enter your name.';
  return errors;
}

export function InviteAcceptForm({
  token,
  preview,
}: {
  token: string;
  preview: ResponseOf<'get', '/invites/accept/{token}'>;
}) {
  const { email, role, account } = preview;
  const { state, startSession } = useAuth();
  const navigate = useNavigate();
  const { notify } = useToast();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});

  const accept = useMutation({
    mutationFn: acceptInvite,
    onSuccess: (session) => {
      startSession(session);
      notify(`Welcome to ${session.account.name}, ${session.user.name}.`);
      navigate('/', { replace: true });
    },
  });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = validate(name, password, confirm);
    setErrors(found);
    if (Object.keys(found).length === 0) accept.mutate({ token, name: name.trim(), password });
  };

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded-md bg-slate-50 px-4 py-3 text-sm dark:bg-slate-800/60">
        <dt className="text-slate-600 dark:text-slate-400">Account</dt>
        <dd className="font-medium break-words">{account.name}</dd>
        <dt className="text-slate-600 dark:text-slate-400">Email</dt>
        <dd className="font-medium break-all">{email}</dd>
        <dt className="text-slate-600 dark:text-slate-400">Role</dt>
        <dd className="font-medium">{ROLE_LABELS[role] ?? role}</dd>
      </dl>
      {state.status === 'authenticated' && (
        <Notice tone="warning">
          You are signed in as {state.user.email}. Accepting this invite signs you in as {email} instead.
        </Notice>
      )}
      {accept.isError && (
        <Notice tone="error">{errorMessage(accept.error, 'Could not accept the invite.')}</Notice>
      )}
      <Input
        label="Your name"
        name="name"
        autoComplete="name"
        required
        value={name}
        error={errors.name}
        onChange={(e) => setName(e.target.value)}
      />
      <NewPasswordFields
        labels={{ password: 'Password', confirm: 'Confirm password' }}
        password={password}
        confirm={confirm}
        errors={errors}
        onPasswordChange={setPassword}
        onConfirmChange={setConfirm}
      />
      <Button type="submit" variant="primary" loading={accept.isPending} className="w-full">
        Create account and sign in
      </Button>
    </form>
  );
}
