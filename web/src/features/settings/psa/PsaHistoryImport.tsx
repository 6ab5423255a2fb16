import { useState, type FormEvent } from 'react';
import { Button } from '../../../components/ui/Button';
import { Card } from '../../../components/ui/Card';
import { Input } from '../../../components/ui/Input';
import { LoadError } from '../../../components/ui/LoadError';
import { Notice } from '../../../components/ui/Notice';
import { errorMessage } from '../../../lib/errors';
import { isFinished } from '../../knowledge/importApi';
import {
  useLatestPsaImport,
  usePsaImportJob,
  useStartPsaHistoryImport,
  type StartOutcome,
} from './historyImportApi';
import { PsaImportProgress } from './PsaImportProgress';

/** The date input speaks local calendar days, so the default is built from local parts, not UTC. */
function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function oneYearAgo(): string {
  const date = new Date();
  date.setFullYear(date.getFullYear() - 1);
  return localDay(date);
}

/**
 * Starts the import of the PSA's closed tickets and follows it. Shown only with a saved, enabled
 * connection; on load it picks up the newest PSA import so a reload keeps showing its progress.
 */
export function PsaHistoryImport() {
  const recent = useLatestPsaImport();
  const start = useStartPsaHistoryImport();
  const [started, setStarted] = useState<StartOutcome | null>(null);
  const jobId = started?.id ?? recent.latest?.id ?? null;
  const job = usePsaImportJob(jobId);
  const running = Boolean(job.data && !isFinished(job.data));

  const onStart = (since: string) => {
    setStarted(null);
    start.mutate(since, { onSuccess: setStarted });
  };

  return (
    <Card
      title="Import closed tickets"
      description="Closed PSA tickets, with their description and resolution notes, become knowledge the assistant can cite; running it again only takes tickets it has not imported yet."
    >
      <div className="space-y-5">
        <StartForm onStart={onStart} pending={start.isPending} running={running} />
        {start.isError && <Notice tone="error">{errorMessage(start.error)}</Notice>}
        {started?.alreadyRunning && (
          <Notice>An import is already running, so it was not started again. Its progress is below.</Notice>
        )}
        {recent.isError && !jobId && (
          <LoadError what="the last PSA import" error={recent.error} onRetry={() => void recent.refetch()} />
        )}
        {jobId && <PsaImportProgress job={job} />}
      </div>
    </Card>
  );
}

function StartForm({
  onStart,
  pending,
  running,
}: {
  onStart: (since: string) => void;
  pending: boolean;
  running: boolean;
}) {
  const [since, setSince] = useState(oneYearAgo);
  const [error, setError] = useState<string | null>(null);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!since) {
      setError('Choose the date to import closed tickets from.');
      return;
    }
    setError(null);
    onStart(since);
  };

  return (
    <form
      aria-label="Import closed tickets"
      noValidate
      onSubmit={onSubmit}
      className="flex flex-wrap items-end gap-3"
    >
      <div className="w-48">
        <Input
          type="date"
          label="Closed since"
          value={since}
          max={localDay(new Date())}
          onChange={(e) => setSince(e.target.value)}
          error={error}
        />
      </div>
      <Button type="submit" variant="primary" loading={pending} disabled={running}>
        Import closed tickets
      </Button>
      {/* A second import waits for the first: the server allows one at a time per account. */}
      {running && (
        <p className="basis-full text-sm text-slate-600 dark:text-slate-400">
          You can start another import once this one has finished.
        </p>
      )}
    </form>
  );
}
