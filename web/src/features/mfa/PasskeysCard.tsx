import { useState, type FormEvent } from 'react';
import { Button } from '../../components/ui/Button';
import { Card } from '../../components/ui/Card';
import { ConfirmDialog } from '../../components/ui/ConfirmDialog';
import { Input } from '../../components/ui/Input';
import { LoadError } from '../../components/ui/LoadError';
import { Notice } from '../../components/ui/Notice';
import { LoadingState } from '../../components/ui/Spinner';
import { useToast } from '../../components/ui/Toast';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import type { Schemas } from '../../api/client';
import { useAddPasskey, usePasskeys, useRemovePasskey } from './api';
import { createPasskey, passkeyErrorText } from './passkey-browser';
import { RecoveryCodesPanel } from './RecoveryCodesPanel';

type Passkey = { id: string; name: string; created_at: string; last_used_at: string | null };

/**
 * Settings → Two-factor → Passkeys: add one (a name, then the browser's own prompt), list, remove.
 * A first passkey turns two-factor sign-in on; if it brought recovery codes they are shown once.
 */
export function PasskeysCard() {
  const passkeys = usePasskeys();
  const remove = useRemovePasskey();
  const { notify } = useToast();
  const [codes, setCodes] = useState<string[] | null>(null);
  const [removing, setRemoving] = useState<Passkey | null>(null);

  if (codes) {
    return (
      <Card title="Passkeys" description="Save these recovery codes: they are shown only this once.">
        <RecoveryCodesPanel codes={codes} onDone={() => setCodes(null)} />
      </Card>
    );
  }

  return (
    <Card
      title="Passkeys"
      description="Sign in with your device’s fingerprint, face or PIN, or a security key, after your password."
    >
      <div className="space-y-4">
        {passkeys.isPending && <LoadingState label="Loading passkeys…" />}
        {passkeys.isError && (
          <LoadError what="passkeys" error={passkeys.error} onRetry={() => void passkeys.refetch()} />
        )}
        {passkeys.isSuccess &&
          (passkeys.data.length === 0 ? (
            <p className="text-sm text-slate-700 dark:text-slate-300">You have no passkeys yet.</p>
          ) : (
            <ul aria-label="Your passkeys" className="divide-y divide-slate-200 dark:divide-slate-700">
              {passkeys.data.map((p) => (
                <li key={p.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <div className="text-sm">
                    <p className="font-medium text-slate-900 dark:text-slate-50">{p.name}</p>
                    <p className="text-slate-600 dark:text-slate-400">
                      Added {formatDateTime(p.created_at)} · Last used {formatDateTime(p.last_used_at)}
                    </p>
                  </div>
                  <Button
                    variant="ghost"
                    aria-label={`Remove passkey ${p.name}`}
                    onClick={() => {
                      remove.reset();
                      setRemoving(p);
                    }}
                  >
                    Remove
                  </Button>
                </li>
              ))}
            </ul>
          ))}
        <AddPasskeyForm
          onAdded={(answer) => {
            notify(`Passkey “${answer.passkey.name}” added.`);
            if (answer.recovery_codes) setCodes(answer.recovery_codes);
          }}
        />
      </div>
      <ConfirmDialog
        open={removing !== null}
        title="Remove passkey"
        confirmLabel="Remove"
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onCancel={() => setRemoving(null)}
        onConfirm={() =>
          removing &&
          remove.mutate(removing.id, {
            onSuccess: () => {
              notify(`Passkey “${removing.name}” removed.`);
              setRemoving(null);
            },
          })
        }
      >
        <p>“{removing?.name}” will no longer sign you in. You can add it again later from this page.</p>
      </ConfirmDialog>
    </Card>
  );
}

/** A name, then the browser's own prompt; `onAdded` gets the server's answer (with any recovery codes). */
export function AddPasskeyForm({ onAdded }: { onAdded: (answer: Schemas['PasskeyRegistered']) => void }) {
  const add = useAddPasskey(createPasskey);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);

  const onAdd = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setNameError('Give the passkey a name, such as the device it lives on.');
      return;
    }
    setNameError(null);
    add.mutate(trimmed, {
      onSuccess: (answer) => {
        setName('');
        onAdded(answer);
      },
    });
  };

  return (
    <form onSubmit={onAdd} noValidate className="space-y-3" aria-label="Add a passkey">
      {add.isError && (
        <Notice tone="error">{passkeyErrorText(add.error, 'The passkey could not be added.')}</Notice>
      )}
      <Input
        label="Passkey name"
        name="passkey_name"
        maxLength={80}
        autoComplete="off"
        value={name}
        error={nameError ?? undefined}
        onChange={(e) => setName(e.target.value)}
      />
      <Button type="submit" loading={add.isPending}>
        Add a passkey
      </Button>
    </form>
  );
}
