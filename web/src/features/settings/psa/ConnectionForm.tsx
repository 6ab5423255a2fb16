import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../../api/client';
import { Button } from '../../../components/ui/Button';
import { Checkbox } from '../../../components/ui/Checkbox';
import { Input } from '../../../components/ui/Input';
import { Notice } from '../../../components/ui/Notice';
import { Select } from '../../../components/ui/Select';
import { useToast } from '../../../components/ui/Toast';
import { errorMessage, fieldErrors } from '../../../lib/errors';
import {
  useSavePsaConnection,
  type NoteVisibility,
  type PsaConnection,
  type SaveConnectionInput,
} from './api';

const VISIBILITY_OPTIONS = [
  { value: 'internal', label: 'Internal note (technicians only)' },
  { value: 'customer', label: 'Resolution note (visible to the client)' },
];

type Values = {
  site_url: string;
  company_id: string;
  public_key: string;
  private_key: string;
  client_id: string;
  enabled: boolean;
  escalated_status: string;
  resolved_status: string;
  resolution_note_visibility: NoteVisibility;
  post_time_entry: boolean;
};
type TextField =
  | 'site_url'
  | 'company_id'
  | 'public_key'
  | 'private_key'
  | 'client_id'
  | 'escalated_status'
  | 'resolved_status';

const initialValues = (c: PsaConnection | null): Values => ({
  site_url: c?.site_url ?? '',
  company_id: c?.company_id ?? '',
  // Keys are write-only: empty means "keep the saved one".
  public_key: '',
  private_key: '',
  client_id: c?.client_id ?? '',
  enabled: c?.enabled ?? true,
  escalated_status: c?.escalated_status ?? '',
  resolved_status: c?.resolved_status ?? '',
  resolution_note_visibility: c?.resolution_note_visibility ?? 'internal',
  post_time_entry: c?.post_time_entry ?? false,
});

/** Schema failures name fields in `details[].path`; a refused site URL answers `details: { field }`. */
function serverFieldErrors(error: unknown): Record<string, string> {
  const result = fieldErrors(error);
  if (
    error instanceof ApiError &&
    error.details &&
    typeof error.details === 'object' &&
    !Array.isArray(error.details)
  ) {
    const field = (error.details as { field?: unknown }).field;
    if (typeof field === 'string' && !(field in result)) result[field] = error.message;
  }
  return result;
}

export function ConnectionForm({ connection }: { connection: PsaConnection | null }) {
  const save = useSavePsaConnection();
  const { notify } = useToast();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<Values>(() => initialValues(connection));
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const serverErrors = serverFieldErrors(save.error);
  const errors = { ...serverErrors, ...localErrors };
  const hasFieldError = Object.keys(serverErrors).length > 0;

  useEffect(() => {
    if (save.error) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [save.error]);

  const text = (field: TextField) => ({
    name: field,
    value: values[field],
    error: errors[field],
    onChange: (event: { target: { value: string } }) => {
      setValues((v) => ({ ...v, [field]: event.target.value }));
      if (localErrors[field]) setLocalErrors(({ [field]: _gone, ...rest }) => rest);
      if (serverErrors[field]) save.reset();
    },
  });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!values.site_url.trim())
      found.site_url = 'Enter your ConnectWise site, e.g. api-na.myconnectwise.net.';
    if (!values.company_id.trim()) found.company_id = 'Enter the company id you sign in with.';
    if (!values.client_id.trim()) found.client_id = 'Enter the client id of your integration.';
    if (!connection && !values.public_key.trim())
      found.public_key = 'Enter the public key of the API member.';
    if (!connection && !values.private_key) found.private_key = 'Enter the private key of the API member.';
    setLocalErrors(found);
    if (Object.keys(found).length > 0) {
      requestAnimationFrame(() =>
        formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
      );
      return;
    }
    const input: SaveConnectionInput = {
      site_url: values.site_url.trim(),
      company_id: values.company_id.trim(),
      client_id: values.client_id.trim(),
      enabled: values.enabled,
      escalated_status: values.escalated_status.trim() || null,
      resolved_status: values.resolved_status.trim() || null,
      resolution_note_visibility: values.resolution_note_visibility,
      post_time_entry: values.post_time_entry,
    };
    if (values.public_key.trim()) input.public_key = values.public_key.trim();
    if (values.private_key) input.private_key = values.private_key;
    save.mutate(input, {
      onSuccess: () => {
        notify(
          connection
            ? 'PSA settings saved.'
            : 'ConnectWise connected. Test the connection to check the keys.',
        );
        setValues((v) => ({ ...v, public_key: '', private_key: '' }));
      },
    });
  };

  const keyHint = (saved: string) => (connection ? `Saved (${saved}). Leave empty to keep it.` : undefined);

  return (
    <form
      ref={formRef}
      onSubmit={onSubmit}
      noValidate
      className="space-y-6"
      aria-label="ConnectWise connection"
    >
      {save.isError && (
        <Notice tone="error">
          {hasFieldError
            ? 'Could not save. Check the field marked below.'
            : errorMessage(save.error, 'Could not save the connection.')}
        </Notice>
      )}
      <fieldset className="space-y-5">
        <legend className="mb-3 text-sm font-semibold text-slate-900 dark:text-slate-100">Connection</legend>
        <div className="grid gap-5 sm:grid-cols-2">
          <Input
            label="Site"
            required
            autoComplete="off"
            spellCheck={false}
            placeholder="api-na.myconnectwise.net"
            hint="The host you sign in to, or your own server's address."
            {...text('site_url')}
          />
          <Input label="Company id" required autoComplete="off" spellCheck={false} {...text('company_id')} />
          <Input
            label="Public key"
            required={!connection}
            autoComplete="off"
            spellCheck={false}
            hint={keyHint(connection?.public_key ?? '')}
            {...text('public_key')}
          />
          <Input
            label="Private key"
            type="password"
            required={!connection}
            autoComplete="new-password"
            hint={keyHint('hidden')}
            {...text('private_key')}
          />
          <Input
            label="Client id"
            required
            autoComplete="off"
            spellCheck={false}
            hint="From developer.connectwise.com; sent with every call."
            {...text('client_id')}
          />
        </div>
        <Checkbox
          label="Write to tickets"
          hint="When off, sessions stay local: nothing is sent to ConnectWise and the ticket lookup is hidden."
          checked={values.enabled}
          onChange={(e) => setValues((v) => ({ ...v, enabled: e.target.checked }))}
        />
      </fieldset>
      <fieldset className="space-y-5 border-t border-slate-200 pt-5 dark:border-slate-800">
        <legend className="sr-only">Ticket updates</legend>
        <h3 className="text-sm font-semibold text-slate-900 dark:text-slate-100">Ticket updates</h3>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          An escalation always adds an internal note with what was tried. Status changes are checked by
          reading the ticket back; leave a status empty to leave the ticket's status alone.
        </p>
        <div className="grid gap-5 sm:grid-cols-2">
          <Input
            label="Status on escalation"
            autoComplete="off"
            placeholder="e.g. Escalated"
            {...text('escalated_status')}
          />
          <Input
            label="Status on resolution"
            autoComplete="off"
            placeholder="e.g. Resolved"
            {...text('resolved_status')}
          />
          <Select
            label="Resolution note"
            options={VISIBILITY_OPTIONS}
            value={values.resolution_note_visibility}
            error={errors.resolution_note_visibility}
            onChange={(e) =>
              setValues((v) => ({ ...v, resolution_note_visibility: e.target.value as NoteVisibility }))
            }
          />
        </div>
        <Checkbox
          label="Add a time entry on resolution"
          hint="Booked in decimal hours under the resolver's ConnectWise member (link members below)."
          checked={values.post_time_entry}
          onChange={(e) => setValues((v) => ({ ...v, post_time_entry: e.target.checked }))}
        />
      </fieldset>
      <div className="flex justify-end border-t border-slate-200 pt-4 dark:border-slate-800">
        <Button type="submit" variant="primary" loading={save.isPending}>
          {connection ? 'Save changes' : 'Connect ConnectWise'}
        </Button>
      </div>
    </form>
  );
}
