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
  psaLabel,
  usePsaChoices,
  useSavePsaConnection,
  type NoteVisibility,
  type PsaConnection,
  type PsaProviderName,
  type SaveConnectionInput,
} from './api';
import { CREDENTIAL_FIELDS, WRITE_ONLY_FIELDS } from './credential-fields';

const VISIBILITY_OPTIONS = [
  { value: 'internal', label: 'Internal note (technicians only)' },
  { value: 'customer', label: 'Resolution note (visible to the client)' },
];

const PROVIDER_OPTIONS = [
  { value: 'connectwise', label: 'ConnectWise Manage' },
  { value: 'halopsa', label: 'HaloPSA' },
  { value: 'autotask', label: 'Autotask' },
];

type Values = {
  provider: PsaProviderName;
  site_url: string;
  company_id: string;
  public_key: string;
  private_key: string;
  client_id: string;
  auth_url: string;
  tenant: string;
  client_secret: string;
  username: string;
  secret: string;
  integration_code: string;
  note_type: string;
  enabled: boolean;
  escalated_status: string;
  resolved_status: string;
  resolution_note_visibility: NoteVisibility;
  post_time_entry: boolean;
};
type TextField = Exclude<
  keyof Values,
  'provider' | 'enabled' | 'resolution_note_visibility' | 'post_time_entry'
>;

const initialValues = (c: PsaConnection | null): Values => ({
  provider: c?.provider ?? 'connectwise',
  site_url: c?.site_url ?? '',
  company_id: c?.company_id ?? '',
  // Keys and secrets are write-only: empty means "keep the saved one".
  public_key: '',
  private_key: '',
  client_id: c?.client_id ?? '',
  auth_url: c?.auth_url ?? '',
  tenant: c?.tenant ?? '',
  client_secret: '',
  username: c?.username ?? '',
  secret: '',
  integration_code: '',
  note_type: c?.note_type ?? '',
  enabled: c?.enabled ?? true,
  escalated_status: c?.escalated_status ?? '',
  resolved_status: c?.resolved_status ?? '',
  resolution_note_visibility: c?.resolution_note_visibility ?? 'internal',
  post_time_entry: c?.post_time_entry ?? false,
});

/** What the form must have before it is sent; `fresh`: no saved secrets of this provider to keep. */
function missingFields(v: Values, fresh: boolean): Record<string, string> {
  const found: Record<string, string> = {};
  for (const field of CREDENTIAL_FIELDS[v.provider]) {
    const needed = field.need === 'always' || (field.need === 'until-saved' && fresh);
    if (needed && !v[field.name].trim())
      found[field.name] = field.missing ?? `Enter the ${field.label.toLowerCase()}.`;
  }
  return found;
}

/** The PUT body for the chosen provider; secrets left empty are left out (kept). */
function toInput(v: Values): SaveConnectionInput {
  const shared = {
    enabled: v.enabled,
    escalated_status: v.escalated_status.trim() || null,
    resolved_status: v.resolved_status.trim() || null,
    resolution_note_visibility: v.resolution_note_visibility,
    post_time_entry: v.post_time_entry,
  };
  const secret = (value: string) => (value.trim() ? value.trim() : undefined);
  if (v.provider === 'halopsa')
    return {
      provider: 'halopsa',
      site_url: v.site_url.trim(),
      auth_url: v.auth_url.trim(),
      client_id: v.client_id.trim(),
      client_secret: secret(v.client_secret),
      tenant: v.tenant.trim() || null,
      note_type: v.note_type.trim() || null,
      ...shared,
    };
  if (v.provider === 'autotask')
    return {
      provider: 'autotask',
      username: v.username.trim(),
      secret: v.secret ? v.secret : undefined,
      integration_code: secret(v.integration_code),
      note_type: v.note_type.trim() || null,
      ...shared,
    };
  // ConnectWise is the server's default provider: its body stays what it was before there was a choice.
  const connectWise: Omit<Extract<SaveConnectionInput, { provider: 'connectwise' }>, 'provider'> = {
    site_url: v.site_url.trim(),
    company_id: v.company_id.trim(),
    client_id: v.client_id.trim(),
    public_key: secret(v.public_key),
    private_key: v.private_key ? v.private_key : undefined,
    ...shared,
  };
  return connectWise as SaveConnectionInput;
}

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
  const label = psaLabel(values.provider);
  // The saved connection is this provider: its secrets may be kept, and the tenant can be asked
  // for its statuses and note types.
  const saved = connection?.provider === values.provider ? connection : null;
  const switching = Boolean(connection && !saved);
  const choices = usePsaChoices(Boolean(saved && values.provider !== 'connectwise'));

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
    const found = missingFields(values, !saved);
    setLocalErrors(found);
    if (Object.keys(found).length > 0) {
      requestAnimationFrame(() =>
        formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
      );
      return;
    }
    save.mutate(toInput(values), {
      onSuccess: () => {
        notify(
          saved
            ? 'PSA settings saved.'
            : `${label} connected. Test the connection to check the ${values.provider === 'connectwise' ? 'keys' : 'credentials'}.`,
        );
        setValues((v) => ({ ...v, ...Object.fromEntries(WRITE_ONLY_FIELDS.map((name) => [name, ''])) }));
      },
    });
  };

  /** A status or note type: picked from what the tenant lists once connected, typed otherwise. */
  const picker = (
    field: 'escalated_status' | 'resolved_status' | 'note_type',
    fieldLabel: string,
    list: string[] | null | undefined,
    empty: string,
    placeholder: string,
  ) =>
    list ? (
      <Select
        label={fieldLabel}
        name={field}
        options={[
          { value: '', label: empty },
          // A saved name the tenant no longer lists stays visible, so saving does not drop it silently.
          ...(values[field] && !list.includes(values[field]) ? [values[field]] : [])
            .concat(list)
            .map((n) => ({ value: n, label: n })),
        ]}
        value={values[field]}
        error={errors[field]}
        onChange={(e) => setValues((v) => ({ ...v, [field]: e.target.value }))}
      />
    ) : (
      <Input label={fieldLabel} autoComplete="off" placeholder={placeholder} {...text(field)} />
    );
  const statuses = choices.data?.statuses;
  const noteTypes = choices.data?.note_types;

  return (
    <form
      ref={formRef}
      onSubmit={onSubmit}
      noValidate
      className="space-y-6"
      aria-label={`${label} connection`}
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
        <Select
          label="PSA"
          name="provider"
          options={PROVIDER_OPTIONS}
          value={values.provider}
          hint={
            switching
              ? `Switching keeps the delivery log and member links for the record; ticket updates still waiting for ${psaLabel(connection?.provider)} are cancelled.`
              : undefined
          }
          onChange={(e) => {
            setValues((v) => ({ ...v, provider: e.target.value as PsaProviderName }));
            setLocalErrors({});
            save.reset();
          }}
        />
        <div className="grid gap-5 sm:grid-cols-2">
          {CREDENTIAL_FIELDS[values.provider].map((field) => (
            <Input
              key={field.name}
              label={field.label}
              type={field.password ? 'password' : undefined}
              required={field.need === 'always' || (field.need === 'until-saved' && !saved)}
              autoComplete={field.password ? 'new-password' : 'off'}
              spellCheck={field.password ? undefined : false}
              placeholder={field.placeholder}
              hint={
                field.need === 'until-saved' && saved
                  ? `Saved (${field.name === 'public_key' ? saved.public_key : 'hidden'}). Leave empty to keep it.`
                  : field.hint
              }
              {...text(field.name)}
            />
          ))}
        </div>
        <Checkbox
          label="Write to tickets"
          hint={`When off, sessions stay local: nothing is sent to ${label} and the ticket lookup is hidden.`}
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
          {values.provider !== 'connectwise' &&
            (saved
              ? ` The lists show what ${label} offers.`
              : ` Save the connection first to pick from what ${label} offers.`)}
        </p>
        {choices.isError && (
          <Notice tone="warning">
            {errorMessage(choices.error, `Could not read the choices from ${label}.`)}
          </Notice>
        )}
        <div className="grid gap-5 sm:grid-cols-2">
          {picker(
            'escalated_status',
            'Status on escalation',
            statuses,
            'Leave the status alone',
            'e.g. Escalated',
          )}
          {picker(
            'resolved_status',
            'Status on resolution',
            statuses,
            'Leave the status alone',
            'e.g. Resolved',
          )}
          <Select
            label="Resolution note"
            options={VISIBILITY_OPTIONS}
            value={values.resolution_note_visibility}
            error={errors.resolution_note_visibility}
            onChange={(e) =>
              setValues((v) => ({ ...v, resolution_note_visibility: e.target.value as NoteVisibility }))
            }
          />
          {values.provider !== 'connectwise' &&
            picker(
              'note_type',
              values.provider === 'halopsa' ? 'Action outcome of notes' : 'Note type',
              noteTypes,
              `${label}'s default`,
              values.provider === 'halopsa' ? 'e.g. Private Note' : 'e.g. Task Notes',
            )}
        </div>
        <Checkbox
          label="Add a time entry on resolution"
          hint={`Booked in decimal hours under the resolver's ${label} member (link members below).`}
          checked={values.post_time_entry}
          onChange={(e) => setValues((v) => ({ ...v, post_time_entry: e.target.checked }))}
        />
      </fieldset>
      <div className="flex justify-end border-t border-slate-200 pt-4 dark:border-slate-800">
        <Button type="submit" variant="primary" loading={save.isPending}>
          {saved ? 'Save changes' : `Connect ${label}`}
        </Button>
      </div>
    </form>
  );
}
