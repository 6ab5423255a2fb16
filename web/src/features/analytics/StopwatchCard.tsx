import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Button } from '../../components/ui/Button';
import { Card } from '../../components/ui/Card';
import { cx } from '../../components/ui/cx';
import { Input } from '../../components/ui/Input';
import { Notice } from '../../components/ui/Notice';
import { useToast } from '../../components/ui/Toast';
import { errorMessage } from '../../lib/errors';
import { useRecordBaseline } from './api';
import { formatClock, formatDuration } from './format';
import { useSpaceToggle, useStopwatch } from './useStopwatch';

/** The server accepts whole seconds from 1 s to 24 h. */
export const MAX_BASELINE_SECONDS = 86_400;

interface StopwatchCardProps {
  /** Injected in tests; defaults to Date.now. */
  now?: () => number;
}

/** Big Start/Stop stopwatch (Space toggles it too), an optional note, then Save or Reset. */
export function StopwatchCard({ now }: StopwatchCardProps) {
  const watch = useStopwatch({ now });
  const record = useRecordBaseline();
  const { notify } = useToast();
  const [note, setNote] = useState('');
  const toggleRef = useRef<HTMLButtonElement>(null);
  const noteRef = useRef<HTMLInputElement>(null);
  const hintId = useId();
  // Set before a reset or save: the Start button is disabled until the state change has rendered.
  const refocusToggle = useRef(false);
  const seconds = Math.round(watch.elapsedMs / 1000);
  const stopped = watch.status === 'stopped';
  const tooShort = stopped && seconds < 1;
  const tooLong = stopped && seconds > MAX_BASELINE_SECONDS;

  const toggle = () => {
    if (watch.status === 'running') {
      watch.stop();
      // The toggle is disabled until this timing is saved or reset; continue where the next step is.
      noteRef.current?.focus();
    } else if (watch.status === 'idle') {
      record.reset();
      watch.start();
    }
  };
  useSpaceToggle(toggle);

  useEffect(() => {
    if (watch.status !== 'idle' || !refocusToggle.current) return;
    refocusToggle.current = false;
    toggleRef.current?.focus();
  }, [watch.status]);

  const reset = () => {
    refocusToggle.current = true;
    watch.reset();
    record.reset();
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!stopped || tooShort || tooLong || record.isPending) return;
    const trimmed = note.trim();
    record.mutate(trimmed ? { seconds, note: trimmed } : { seconds }, {
      onSuccess: () => {
        notify(`Measurement saved: ${formatDuration(seconds)}.`);
        setNote('');
        refocusToggle.current = true;
        watch.reset();
      },
    });
  };

  const status =
    watch.status === 'idle'
      ? 'Press Start (or Space) when you ask “can you take this ticket?”.'
      : watch.status === 'running'
        ? 'Timing… press Stop (or Space) when the senior starts working on it.'
        : `Stopped at ${formatDuration(seconds)}. Add a note if you like, then save the measurement.`;

  return (
    <Card title="Stopwatch">
      <div className="flex flex-col items-center gap-5 py-2 text-center">
        <div
          role="timer"
          aria-live="off"
          aria-label="Elapsed time"
          className={cx(
            'font-mono text-6xl font-semibold tracking-tight tabular-nums sm:text-7xl',
            watch.status === 'running'
              ? 'text-accent-700 dark:text-accent-300'
              : 'text-slate-900 dark:text-slate-50',
          )}
        >
          {formatClock(watch.elapsedMs)}
        </div>
        {/* The only live region: announces start and the final time, never every tick. */}
        <p role="status" className="min-h-10 max-w-md text-sm text-slate-700 dark:text-slate-300">
          {status}
        </p>
        <Button
          ref={toggleRef}
          variant={watch.status === 'running' ? 'danger' : 'primary'}
          onClick={toggle}
          disabled={stopped}
          aria-describedby={stopped ? hintId : undefined}
          className="h-16 w-full max-w-xs text-lg"
        >
          {watch.status === 'running' ? 'Stop' : 'Start'}
        </Button>
        {stopped && (
          <p id={hintId} className="-mt-3 text-xs text-slate-600 dark:text-slate-400">
            Save or reset this timing before starting the next one.
          </p>
        )}
      </div>

      <form onSubmit={save} className="mt-4 space-y-4 border-t border-slate-200 pt-4 dark:border-slate-800">
        <Input
          ref={noteRef}
          label="Note (optional)"
          hint="For example the ticket number or who handed over."
          value={note}
          maxLength={500}
          onChange={(event) => setNote(event.target.value)}
        />
        {tooShort && (
          <Notice tone="warning">Under a second is too short to save. Reset and time it again.</Notice>
        )}
        {tooLong && <Notice tone="warning">Timings are limited to 24 hours. Reset and time it again.</Notice>}
        {record.isError && <Notice tone="error">{errorMessage(record.error)}</Notice>}
        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button onClick={reset} disabled={watch.status === 'idle' || record.isPending}>
            Reset
          </Button>
          <Button
            type="submit"
            variant="primary"
            disabled={!stopped || tooShort || tooLong}
            loading={record.isPending}
          >
            Save measurement
          </Button>
        </div>
      </form>
    </Card>
  );
}
