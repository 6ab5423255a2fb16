import { useState, type FormEvent } from 'react';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { Input } from '../../components/ui/Input';
import { Notice } from '../../components/ui/Notice';
import { Textarea } from '../../components/ui/Textarea';
import { useToast } from '../../components/ui/Toast';
import { errorMessage, fieldErrors } from '../../lib/errors';
import { psaLabel, usePsaStatus } from '../settings/psa/api';
import { useResolveSession } from './api';
import type { Schemas } from '../../api/client';

type Step = Schemas['Step'];

export interface ResolvePrefill {
  rootCause: string;
  summary: string;
}

/** Cause and fix of the newest suggested fix, which is what "the fix worked" refers to. */
export function resolvePrefill(steps: readonly Step[]): ResolvePrefill | undefined {
  const suggestion = [...steps].reverse().find((step) => step.kind === 'resolution_suggestion');
  if (!suggestion) return undefined;
  return { rootCause: suggestion.content.cause ?? '', summary: suggestion.content.fix ?? '' };
}

/** The session's ticket and start: with a PSA that books time on resolution, the form asks for the hours. */
export interface TimeEntryContext {
  ticket: string | null;
  since: string;
}

/** Time since `since` in decimal hours, rounded up to the quarter hour (as the server does). */
export function quarterHoursSince(since: string, now = Date.now()): number {
  const hours = Math.max(0, now - Date.parse(since)) / 3_600_000;
  return Math.min(24, Math.max(0.25, Math.ceil(hours * 4) / 4));
}

interface ResolveDialogProps {
  open: boolean;
  onClose: () => void;
  sessionId: string;
  prefill?: ResolvePrefill;
  timeEntry?: TimeEntryContext;
}

export function ResolveDialog({ open, onClose, sessionId, prefill, timeEntry }: ResolveDialogProps) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Resolve session"
      description="Recorded on the session and added to your team's knowledge for similar problems."
    >
      {/* Mounted only while open, so each opening starts from the prefill rather than stale edits. */}
      {open && <ResolveForm sessionId={sessionId} prefill={prefill} timeEntry={timeEntry} onDone={onClose} />}
    </Dialog>
  );
}

const MIN_LENGTH = 3;

function ResolveForm({
  sessionId,
  prefill,
  timeEntry,
  onDone,
}: {
  sessionId: string;
  prefill?: ResolvePrefill;
  timeEntry?: TimeEntryContext;
  onDone: () => void;
}) {
  const resolve = useResolveSession(sessionId);
  const { notify } = useToast();
  const psa = usePsaStatus();
  const booksTime = Boolean(psa.data?.time_entries && timeEntry?.ticket && /^\d+$/.test(timeEntry.ticket));
  const [rootCause, setRootCause] = useState(prefill?.rootCause ?? '');
  const [summary, setSummary] = useState(prefill?.summary ?? '');
  const [hours, setHours] = useState(() => (timeEntry ? String(quarterHoursSince(timeEntry.since)) : ''));
  const [errors, setErrors] = useState<{
    root_cause?: string;
    resolution_summary?: string;
    time_hours?: string;
  }>({});

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next: typeof errors = {};
    if (rootCause.trim().length < MIN_LENGTH)
      next.root_cause = 'Give the root cause (at least 3 characters).';
    if (summary.trim().length < MIN_LENGTH) {
      next.resolution_summary = 'Say what fixed it (at least 3 characters).';
    }
    const timeHours = Number(hours);
    if (booksTime && !(timeHours >= 0.25 && timeHours <= 24 && Number.isInteger(timeHours * 4))) {
      next.time_hours = 'Enter quarter hours between 0.25 and 24, e.g. 0.75.';
    }
    setErrors(next);
    if (Object.keys(next).length > 0) {
      const field = next.root_cause
        ? 'root_cause'
        : next.resolution_summary
          ? 'resolution_summary'
          : 'time_hours';
      event.currentTarget.querySelector<HTMLElement>(`[name="${field}"]`)?.focus();
      return;
    }
    resolve.mutate(
      {
        root_cause: rootCause.trim(),
        resolution_summary: summary.trim(),
        ...(booksTime ? { time_hours: timeHours } : {}),
      },
      {
        onSuccess: () => {
          notify('Session resolved.');
          onDone();
        },
        onError: (error) => setErrors(fieldErrors(error)),
      },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      {resolve.isError && <Notice tone="error">{errorMessage(resolve.error, 'Could not resolve.')}</Notice>}
      <Textarea
        name="root_cause"
        label="Root cause"
        required
        rows={3}
        value={rootCause}
        error={errors.root_cause}
        onChange={(event) => setRootCause(event.target.value)}
      />
      <Textarea
        name="resolution_summary"
        label="Resolution summary"
        hint="What was done, so the next tech can repeat it."
        required
        rows={4}
        value={summary}
        error={errors.resolution_summary}
        onChange={(event) => setSummary(event.target.value)}
      />
      {booksTime && (
        <Input
          name="time_hours"
          label="Time to book on the ticket (hours)"
          hint={`Added as a ${psaLabel(psa.data?.provider)} time entry on ticket #${timeEntry?.ticket}, in quarter hours.`}
          type="number"
          inputMode="decimal"
          min={0.25}
          max={24}
          step={0.25}
          className="max-w-40"
          value={hours}
          error={errors.time_hours}
          onChange={(event) => setHours(event.target.value)}
        />
      )}
      <div className="flex flex-col-reverse gap-2 border-t border-slate-200 pt-4 sm:flex-row sm:justify-end dark:border-slate-800">
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" loading={resolve.isPending}>
          Resolve session
        </Button>
      </div>
    </form>
  );
}
