import { useState, type FormEvent } from 'react';
import type { ResponseOf } from '../../../api/client';
import { Button } from '../../../components/ui/Button';
import { CopyField } from '../../../components/ui/CopyField';
import { Dialog } from '../../../components/ui/Dialog';
import { Input } from '../../../components/ui/Input';
import { Notice } from '../../../components/ui/Notice';
import { errorMessage } from '../../../lib/errors';
import { useCreateToken } from '../api';

/** The secret is only ever returned once, at creation. */
type CreatedApiToken = ResponseOf<'post', '/tokens'>;

export function CreateTokenDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title="Create API token">
      {/* Mounted only while open: the secret is dropped from memory as soon as the dialog closes. */}
      {open && <CreateTokenFlow onDone={onClose} />}
    </Dialog>
  );
}

function CreateTokenFlow({ onDone }: { onDone: () => void }) {
  const create = useCreateToken();
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);

  if (created) {
    return (
      <div className="space-y-5">
        <Notice tone="warning" title="Copy this token now">
          This is the only time “{created.name}” will be shown. Store it somewhere safe, such as your password
          manager. If you lose it, delete it and create a new one.
        </Notice>
        <CopyField label="API token" value={created.token} autoFocus />
        <div className="flex justify-end border-t border-slate-200 pt-4 dark:border-slate-800">
          <Button variant="primary" onClick={onDone}>
            Done
          </Button>
        </div>
      </div>
    );
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setNameError('Give the token a name.');
      return;
    }
    setNameError(null);
    create.mutate(trimmed, { onSuccess: setCreated });
  };

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      {create.isError && (
        <Notice tone="error">{errorMessage(create.error, 'Could not create the token.')}</Notice>
      )}
      <Input
        label="Token name"
        required
        maxLength={100}
        autoComplete="off"
        hint="Say where it will be used, e.g. “PSA sync” or “Reporting script”."
        value={name}
        error={nameError}
        onChange={(e) => setName(e.target.value)}
      />
      <div className="flex flex-col-reverse gap-2 border-t border-slate-200 pt-4 sm:flex-row sm:justify-end dark:border-slate-800">
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" loading={create.isPending}>
          Create token
        </Button>
      </div>
    </form>
  );
}
