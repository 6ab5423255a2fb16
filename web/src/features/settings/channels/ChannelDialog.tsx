import { useEffect, useRef, useState, type FormEvent } from 'react';
import {
  CHANNEL_KINDS,
  type ChannelEventKey,
  type ChannelKind,
} from '../../../../../shared/notification-events';
import { Button } from '../../../components/ui/Button';
import { Checkbox } from '../../../components/ui/Checkbox';
import { CopyField } from '../../../components/ui/CopyField';
import { Dialog } from '../../../components/ui/Dialog';
import { Input } from '../../../components/ui/Input';
import { Notice } from '../../../components/ui/Notice';
import { Select } from '../../../components/ui/Select';
import { useToast } from '../../../components/ui/Toast';
import { errorMessage } from '../../../lib/errors';
import { CHANNEL_KIND_LABELS } from '../notificationLabels';
import {
  channelFieldErrors,
  useCreateChannel,
  useUpdateChannel,
  type Channel,
  type CreatedChannel,
  type UpdateChannelInput,
} from './api';
import { EventsFieldset } from './EventsFieldset';
import { TARGET_COPY } from './targetCopy';

const KIND_OPTIONS = CHANNEL_KINDS.map((kind) => ({ value: kind, label: CHANNEL_KIND_LABELS[kind] }));
const FORM_FIELDS = ['kind', 'name', 'target', 'events', 'enabled'];

interface ChannelDialogProps {
  open: boolean;
  /** The channel to edit; null to add a new one. */
  channel: Channel | null;
  onClose: () => void;
}

export function ChannelDialog({ open, channel, onClose }: ChannelDialogProps) {
  const [created, setCreated] = useState<CreatedChannel | null>(null);
  const close = () => {
    setCreated(null);
    onClose();
  };
  const title = created ? 'Save the signing secret' : channel ? `Edit ${channel.name}` : 'Add channel';
  return (
    <Dialog open={open} onClose={close} title={title}>
      {/* Mounted only while open: the form starts fresh and the secret leaves memory on close. */}
      {open && created?.secret && <SecretStep created={created} onDone={close} />}
      {open && !created?.secret && (
        <ChannelForm channel={channel} onDone={close} onCreated={(result) => setCreated(result)} />
      )}
    </Dialog>
  );
}

function SecretStep({ created, onDone }: { created: CreatedChannel; onDone: () => void }) {
  return (
    <div className="space-y-5">
      <Notice tone="warning" title="Copy the signing secret now">
        This is the only time the secret for “{created.channel.name}” will be shown. Your receiver uses it to
        check the X-ResolutionFlow-Signature header. If you lose it, delete the channel and add it again.
      </Notice>
      <CopyField label="Signing secret" value={created.secret ?? ''} autoFocus />
      <div className="flex justify-end border-t border-slate-200 pt-4 dark:border-slate-800">
        <Button variant="primary" onClick={onDone}>
          Done
        </Button>
      </div>
    </div>
  );
}

interface FormProps {
  channel: Channel | null;
  onDone: () => void;
  onCreated: (result: CreatedChannel) => void;
}

function ChannelForm({ channel, onDone, onCreated }: FormProps) {
  const { notify } = useToast();
  const create = useCreateChannel();
  const update = useUpdateChannel();
  const mutation = channel ? update : create;
  const formRef = useRef<HTMLFormElement>(null);
  const [kind, setKind] = useState<ChannelKind>(channel?.kind ?? 'email');
  const [name, setName] = useState(channel?.name ?? '');
  const [target, setTarget] = useState('');
  const [events, setEvents] = useState<string[]>(channel?.events ?? ['handoff_created']);
  const [enabled, setEnabled] = useState(channel?.enabled ?? true);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});

  const serverErrors = channelFieldErrors(mutation.error);
  const errors = { ...serverErrors, ...localErrors };
  const hasFieldError = Object.keys(serverErrors).some((key) => FORM_FIELDS.includes(key));
  const copy = TARGET_COPY[kind];

  // After a refusal, put the cursor in the first field the server complained about.
  useEffect(() => {
    if (!mutation.error) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [mutation.error]);

  const validate = (): Record<string, string> => {
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = 'Give the channel a name.';
    if (!channel && !target.trim()) found.target = `Enter the ${copy.label.toLowerCase()}.`;
    if (events.length === 0) found.events = 'Pick at least one event.';
    return found;
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = validate();
    setLocalErrors(found);
    if (Object.keys(found).length > 0) {
      requestAnimationFrame(() =>
        formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
      );
      return;
    }
    const chosen = events as ChannelEventKey[];
    if (!channel) {
      create.mutate(
        { kind, name: name.trim(), target: target.trim(), events: chosen, enabled },
        {
          onSuccess: (result) => {
            notify(`Channel “${result.channel.name}” added.`);
            if (result.secret) onCreated(result);
            else onDone();
          },
        },
      );
      return;
    }
    const changes: UpdateChannelInput = {};
    if (name.trim() !== channel.name) changes.name = name.trim();
    if (target.trim()) changes.target = target.trim();
    if ([...events].sort().join() !== [...channel.events].sort().join()) changes.events = chosen;
    if (enabled !== channel.enabled) changes.enabled = enabled;
    if (Object.keys(changes).length === 0) {
      onDone();
      return;
    }
    update.mutate(
      { id: channel.id, changes },
      {
        onSuccess: () => {
          notify(`Channel “${name.trim()}” saved.`);
          onDone();
        },
      },
    );
  };

  // Editing a field drops its message; a server refusal is dropped as a whole (it was about old input).
  const clearError = (field: string) => {
    if (localErrors[field]) setLocalErrors(({ [field]: _removed, ...rest }) => rest);
    if (serverErrors[field]) mutation.reset();
  };

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-5">
      {mutation.isError && !hasFieldError && (
        <Notice tone="error">{errorMessage(mutation.error, 'Could not save the channel.')}</Notice>
      )}
      {mutation.isError && hasFieldError && (
        <Notice tone="error">Could not save the channel. Check the field marked below.</Notice>
      )}
      {channel ? (
        <p className="text-sm text-slate-700 dark:text-slate-300">
          <span className="font-medium">Kind:</span> {CHANNEL_KIND_LABELS[channel.kind]}
        </p>
      ) : (
        <Select
          label="Kind"
          options={KIND_OPTIONS}
          value={kind}
          error={errors.kind}
          onChange={(e) => {
            setKind(e.target.value as ChannelKind);
            clearError('target');
          }}
        />
      )}
      <Input
        label="Name"
        required
        maxLength={100}
        autoComplete="off"
        hint="Shown in the delivery log, e.g. “#helpdesk-escalations”."
        value={name}
        error={errors.name}
        onChange={(e) => {
          setName(e.target.value);
          clearError('name');
        }}
      />
      <Input
        label={copy.label}
        required={!channel}
        type="text"
        inputMode={copy.inputMode}
        autoComplete="off"
        spellCheck={false}
        maxLength={2000}
        placeholder={copy.placeholder}
        hint={channel ? `Currently ${channel.target}. Leave empty to keep it.` : copy.hint}
        value={target}
        error={errors.target}
        onChange={(e) => {
          setTarget(e.target.value);
          clearError('target');
        }}
      />
      <EventsFieldset
        value={events}
        error={errors.events}
        onChange={(next) => {
          setEvents(next);
          clearError('events');
        }}
      />
      <Checkbox
        label="Enabled"
        hint="Disabled channels keep their settings but receive nothing (Send test still works)."
        checked={enabled}
        onChange={(e) => setEnabled(e.target.checked)}
      />
      <div className="flex flex-col-reverse gap-2 border-t border-slate-200 pt-4 sm:flex-row sm:justify-end dark:border-slate-800">
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" loading={mutation.isPending}>
          {channel ? 'Save changes' : 'Add channel'}
        </Button>
      </div>
    </form>
  );
}
