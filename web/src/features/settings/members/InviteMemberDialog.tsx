import { useState, type FormEvent } from 'react';
import type { Role } from '../../../../../shared/roles';
import type { Schemas } from '../../../api/client';
import { Button } from '../../../components/ui/Button';
import { CopyField } from '../../../components/ui/CopyField';
import { Dialog } from '../../../components/ui/Dialog';
import { Input } from '../../../components/ui/Input';
import { Notice } from '../../../components/ui/Notice';
import { Select } from '../../../components/ui/Select';
import { errorMessage } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';
import { ROLE_DESCRIPTIONS, ROLE_OPTIONS } from '../../../lib/roles';
import { useCreateInvite } from '../api';

type CreatedInvite = Schemas['CreatedInvite'];

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function InviteMemberDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title="Invite member">
      {/* Mounted only while open, so each invite starts from a blank form. */}
      {open && <InviteFlow onDone={onClose} />}
    </Dialog>
  );
}

function InviteFlow({ onDone }: { onDone: () => void }) {
  const create = useCreateInvite();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('tech');
  const [emailError, setEmailError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedInvite | null>(null);

  if (created) return <InviteCreated invite={created} onDone={onDone} />;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = email.trim();
    if (!EMAIL_PATTERN.test(trimmed)) {
      setEmailError('Enter a valid email address.');
      return;
    }
    setEmailError(null);
    create.mutate({ email: trimmed, role }, { onSuccess: setCreated });
  };

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      {create.isError && (
        <Notice tone="error">{errorMessage(create.error, 'Could not create the invite.')}</Notice>
      )}
      <Input
        label="Email"
        type="email"
        autoComplete="off"
        required
        value={email}
        error={emailError}
        onChange={(e) => setEmail(e.target.value)}
      />
      <Select
        label="Role"
        value={role}
        onChange={(e) => setRole(e.target.value as Role)}
        options={ROLE_OPTIONS}
        hint={ROLE_DESCRIPTIONS[role]}
      />
      <div className="flex flex-col-reverse gap-2 border-t border-slate-200 pt-4 sm:flex-row sm:justify-end dark:border-slate-800">
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" loading={create.isPending}>
          Create invite
        </Button>
      </div>
    </form>
  );
}

function InviteCreated({ invite, onDone }: { invite: CreatedInvite; onDone: () => void }) {
  return (
    <div className="space-y-5">
      <Notice tone="success">
        Invite created for <strong className="break-all">{invite.email}</strong>. Send them this link; it
        works once and expires {formatDateTime(invite.expires_at, 'soon')}.
      </Notice>
      <CopyField label="Invite link" value={invite.accept_url} autoFocus />
      <div className="flex justify-end border-t border-slate-200 pt-4 dark:border-slate-800">
        <Button variant="primary" onClick={onDone}>
          Done
        </Button>
      </div>
    </div>
  );
}
