import { useState, type FormEvent } from 'react';
import { Button } from '../../components/ui/Button';
import { Input } from '../../components/ui/Input';
import { Notice } from '../../components/ui/Notice';
import { errorMessage } from '../../lib/errors';
import type { MfaProof } from './api';

/** Asks for a current code (or a recovery code) before a change to one's own two-factor sign-in. */
export function ProofForm({
  label,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  label: string;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (proof: MfaProof) => void;
  onCancel: () => void;
}) {
  const [value, setValue] = useState('');
  const [missing, setMissing] = useState(false);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const code = value.trim();
    setMissing(!code);
    if (!code) return;
    // Six digits are the app's code; anything else is taken as a recovery code.
    onSubmit(/^\d{6}$/.test(code) ? { code } : { recovery_code: code });
  };
  return (
    <form onSubmit={submit} noValidate className="space-y-3" aria-label={label}>
      {error != null && <Notice tone="error">{errorMessage(error, 'That code did not work.')}</Notice>}
      <Input
        label="Code from your app, or a recovery code"
        name="code"
        autoComplete="one-time-code"
        autoFocus
        value={value}
        error={missing ? 'Enter a code.' : undefined}
        onChange={(e) => setValue(e.target.value)}
      />
      <div className="flex gap-2">
        <Button type="submit" variant="primary" loading={pending}>
          {submitLabel}
        </Button>
        <Button type="button" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
