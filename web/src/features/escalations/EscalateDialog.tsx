import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useNavigate } from 'react-router';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { EscalationIcon } from '../../components/ui/icons';
import { Notice } from '../../components/ui/Notice';
import { Select } from '../../components/ui/Select';
import { Textarea } from '../../components/ui/Textarea';
import { useToast } from '../../components/ui/Toast';
import { errorMessage } from '../../lib/errors';
import { ROLE_LABELS } from '../../lib/roles';
import { useSession } from '../auth/AuthContext';
import { PRIORITY_LABELS } from '../sessions/labels';
import type { Priority } from '../../../../shared/sessions';
import type { Schemas } from '../../api/client';
import { useCreateHandoff, useSeniorTeammates } from './api';
import type { HandoffIntent } from '../../../../shared/handoffs';

type SessionRecord = Schemas['Session'];

const PRIORITY_OPTIONS = (Object.keys(PRIORITY_LABELS) as Priority[]).map((value) => ({
  value,
  label: PRIORITY_LABELS[value],
}));

export const ESCALATED_TOAST = 'Escalated — seniors have been notified';
export const PARKED_TOAST = 'Parked — your notes and a snapshot are saved privately';

/** The header control for the session owner while the session is active or paused. */
export function EscalateButton({ session }: { session: SessionRecord }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button aria-haspopup="dialog" onClick={() => setOpen(true)}>
        <EscalationIcon className="size-4" />
        Escalate
      </Button>
      {/* Mounted only while open, so every opening starts from a fresh form. */}
      {open && <EscalateDialog session={session} onClose={() => setOpen(false)} />}
    </>
  );
}

function EscalateDialog({ session, onClose }: { session: SessionRecord; onClose: () => void }) {
  const { user } = useSession();
  const navigate = useNavigate();
  const { notify } = useToast();
  const formId = useId();
  const create = useCreateHandoff(session.id);
  const teammates = useSeniorTeammates(user.id, true);
  const [notes, setNotes] = useState('');
  const [priority, setPriority] = useState<Priority>(session.priority);
  const [target, setTarget] = useState('');

  const send = (intent: HandoffIntent) => {
    if (create.isPending) return;
    const engineerNotes = notes.trim();
    create.mutate(
      {
        intent,
        priority,
        ...(engineerNotes ? { engineer_notes: engineerNotes } : {}),
        ...(intent === 'escalate' && target ? { target_user_id: target } : {}),
      },
      {
        onSuccess: () => {
          notify(intent === 'escalate' ? ESCALATED_TOAST : PARKED_TOAST);
          onClose();
          navigate('/');
        },
      },
    );
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    send('escalate');
  };
  // Enter sends, Shift+Enter starts a new line (and Enter while an IME is composing is left alone).
  const onNotesKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    send('escalate');
  };

  const teammateOptions = [
    { value: '', label: 'Anyone — notify the senior engineers' },
    ...(teammates.data ?? []).map((m) => ({ value: m.id, label: `${m.name} (${ROLE_LABELS[m.role]})` })),
  ];
  const teammateHint = teammates.isPending
    ? 'Loading teammates…'
    : teammates.isError
      ? 'Could not load teammates; the escalation goes to the senior engineers.'
      : 'They are notified first; the escalation policy decides who else hears about it.';
  const pendingIntent = create.isPending ? create.variables?.intent : undefined;

  return (
    <Dialog
      open
      onClose={onClose}
      title="Escalate session"
      description="Senior engineers get this session with every step tried so far and an assessment, so nobody has to ask what you already did."
      footer={
        <>
          <Button
            variant="ghost"
            onClick={() => send('park')}
            loading={pendingIntent === 'park'}
            disabled={create.isPending}
          >
            Park instead
          </Button>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            type="submit"
            form={formId}
            variant="primary"
            loading={pendingIntent === 'escalate'}
            disabled={create.isPending}
          >
            Send escalation
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={onSubmit} noValidate className="space-y-4">
        <Textarea
          label="Notes"
          hint="What you suspect, what the user said, anything the steps do not show. Enter sends, Shift+Enter adds a line."
          rows={4}
          maxLength={5000}
          value={notes}
          onChange={(event) => setNotes(event.target.value)}
          onKeyDown={onNotesKeyDown}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <Select
            label="Priority"
            options={PRIORITY_OPTIONS}
            value={priority}
            onChange={(event) => setPriority(event.target.value as Priority)}
          />
          <Select
            label="Teammate (optional)"
            options={teammateOptions}
            value={target}
            hint={teammateHint}
            disabled={teammates.isPending}
            onChange={(event) => setTarget(event.target.value)}
          />
        </div>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Not ready to hand it over? <strong className="font-medium">Park instead</strong> saves a private
          bookmark with your notes; nobody is notified.
        </p>
        {create.isError && (
          <Notice
            tone="error"
            title={create.variables?.intent === 'park' ? 'Could not park the session' : 'Could not escalate'}
          >
            {errorMessage(create.error)}
          </Notice>
        )}
      </form>
    </Dialog>
  );
}
