import { useId, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { Button } from '../../components/ui/Button';
import { Card } from '../../components/ui/Card';
import { EmptyState } from '../../components/ui/EmptyState';
import { ChevronDownIcon, LockIcon } from '../../components/ui/icons';
import { Input } from '../../components/ui/Input';
import { Notice } from '../../components/ui/Notice';
import { PageHeader } from '../../components/ui/PageHeader';
import { Select } from '../../components/ui/Select';
import { Textarea } from '../../components/ui/Textarea';
import { errorMessage, fieldErrors } from '../../lib/errors';
import { usePageTitle } from '../../lib/usePageTitle';
import { useSession } from '../auth/AuthContext';
import type { PsaTicket } from '../settings/psa/api';
import { useCreateSession } from './api';
import { PRIORITY_LABELS } from './labels';
import { problemFromTicket, PsaTicketLookup } from './PsaTicketLookup';
import type { Priority } from '../../../../shared/sessions';
import type { Schemas } from '../../api/client';

type CreateSessionInput = Schemas['CreateSession'];

type FieldName = 'problem' | 'ticket' | 'client' | 'asset' | 'log' | 'priority';
const FIELD_ORDER: readonly FieldName[] = ['problem', 'ticket', 'client', 'asset', 'log', 'priority'];
const PRIORITY_OPTIONS = (Object.keys(PRIORITY_LABELS) as Priority[]).map((value) => ({
  value,
  label: PRIORITY_LABELS[value],
}));

export function NewSessionPage() {
  usePageTitle('New session');
  const { user } = useSession();
  return (
    <>
      <PageHeader
        title="New session"
        description="Describe the problem; FlowPilot suggests the next question or check, one step at a time."
      />
      {user.role === 'viewer' ? (
        <EmptyState
          icon={<LockIcon className="size-6" />}
          title="Viewers cannot start sessions"
          description="Your role has read-only access. Ask an admin on your team if you need to run sessions."
        />
      ) : (
        <Card className="max-w-3xl">
          <IntakeForm />
        </Card>
      )}
    </>
  );
}

export function IntakeForm() {
  const navigate = useNavigate();
  const create = useCreateSession();
  const formRef = useRef<HTMLFormElement>(null);
  const logId = useId();
  const [values, setValues] = useState({ problem: '', ticket: '', client: '', asset: '', log: '' });
  const [priority, setPriority] = useState<Priority>('p3');
  const [logOpen, setLogOpen] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});

  const set = (field: keyof typeof values) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));

  // A looked-up PSA ticket fills what is still empty; text the tech already typed is kept.
  const applyTicket = (ticket: PsaTicket) =>
    setValues((current) => ({
      ...current,
      ticket: ticket.number,
      problem: current.problem.trim() ? current.problem : problemFromTicket(ticket),
      client: current.client.trim() ? current.client : (ticket.company ?? ''),
    }));

  const showErrors = (next: Partial<Record<FieldName, string>>) => {
    setErrors(next);
    if (next.log) setLogOpen(true);
    const first = FIELD_ORDER.find((field) => next[field]);
    // After the re-render, so the log field exists when it was just expanded.
    if (first) setTimeout(() => formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus());
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (values.problem.trim().length < 3) {
      create.reset();
      showErrors({ problem: 'Describe the problem in a few words (at least 3 characters).' });
      return;
    }
    setErrors({});
    const input: CreateSessionInput = { problem: values.problem.trim(), priority };
    for (const field of ['ticket', 'client', 'asset'] as const) {
      const value = values[field].trim();
      if (value) input[field] = value;
    }
    if (values.log.trim()) input.log = values.log;
    create.mutate(input, {
      onSuccess: (view) => navigate(`/sessions/${encodeURIComponent(view.session.id)}`),
      onError: (error) => showErrors(fieldErrors(error)),
    });
  };

  const hasFieldErrors = Object.keys(errors).length > 0;

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-5" aria-label="Session intake">
      {create.isError && (
        <Notice tone="error">
          {hasFieldErrors
            ? 'Some fields need attention; see the messages below them.'
            : errorMessage(create.error, 'Could not start the session.')}
        </Notice>
      )}
      <Textarea
        name="problem"
        label="Problem"
        hint="What the user reports, in their words or yours."
        required
        rows={4}
        value={values.problem}
        error={errors.problem}
        onChange={set('problem')}
        autoFocus
      />
      <div className="grid gap-5 sm:grid-cols-2">
        <Input
          name="ticket"
          label="PSA ticket number"
          hint="Optional, e.g. 12345"
          autoComplete="off"
          value={values.ticket}
          error={errors.ticket}
          onChange={set('ticket')}
        />
        <Select
          name="priority"
          label="Priority"
          value={priority}
          error={errors.priority}
          onChange={(event) => setPriority(event.target.value as Priority)}
          options={PRIORITY_OPTIONS}
        />
        <PsaTicketLookup ticket={values.ticket} onFound={applyTicket} />
        <Input
          name="client"
          label="Client"
          autoComplete="off"
          value={values.client}
          error={errors.client}
          onChange={set('client')}
        />
        <Input
          name="asset"
          label="Asset"
          hint="Optional: device or hostname"
          autoComplete="off"
          value={values.asset}
          error={errors.asset}
          onChange={set('asset')}
        />
      </div>
      <div className="space-y-2">
        <Button
          variant="ghost"
          size="sm"
          aria-expanded={logOpen}
          aria-controls={logId}
          onClick={() => setLogOpen((open) => !open)}
          className="-ml-3"
        >
          <ChevronDownIcon className={logOpen ? 'size-4 rotate-180' : 'size-4'} />
          {logOpen ? 'Hide pasted log' : 'Paste a log (optional)'}
        </Button>
        <div id={logId} hidden={!logOpen}>
          <Textarea
            name="log"
            label="Pasted log"
            hint="Error text, event log lines or command output. Kept with the session."
            rows={8}
            spellCheck={false}
            className="font-mono text-xs"
            value={values.log}
            error={errors.log}
            onChange={set('log')}
          />
        </div>
      </div>
      <div className="flex flex-col-reverse gap-2 border-t border-slate-200 pt-4 sm:flex-row sm:justify-end dark:border-slate-800">
        <Button onClick={() => navigate('/sessions')}>Cancel</Button>
        <Button type="submit" variant="primary" loading={create.isPending}>
          Start session
        </Button>
      </div>
    </form>
  );
}
