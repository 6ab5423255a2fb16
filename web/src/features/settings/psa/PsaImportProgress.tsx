import type { UseQueryResult } from '@tanstack/react-query';
import { Link } from 'react-router';
import { LoadError } from '../../../components/ui/LoadError';
import { Notice } from '../../../components/ui/Notice';
import { LoadingState } from '../../../components/ui/Spinner';
import { isFinished } from '../../knowledge/importApi';
import type { PsaHistoryImport } from './historyImportApi';

// Listing every failed ticket would swamp the card after a bad run; the count says how many there were.
const FAILURES_SHOWN = 5;

// The server reads a bare date as the start of that day in UTC, so it is shown in UTC too.
const sinceFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

const tickets = (n: number) => `${n} ${n === 1 ? 'ticket' : 'tickets'}`;

/** How the followed PSA import is doing: a progress bar while it runs, then what came of it. */
export function PsaImportProgress({ job }: { job: UseQueryResult<PsaHistoryImport> }) {
  if (job.isPending) return <LoadingState label="Loading the PSA import…" />;
  if (job.isError)
    return <LoadError what="the PSA import" error={job.error} onRetry={() => void job.refetch()} />;
  return <ImportState job={job.data} />;
}

function progressText(job: PsaHistoryImport): string {
  if (job.total > 0) return `${job.done} of ${tickets(job.total)}`;
  if (job.status === 'failed') return '';
  if (job.status === 'done') return 'No closed tickets in that period.';
  return job.status === 'queued' ? 'Waiting to start…' : 'Looking for closed tickets…';
}

function ImportState({ job }: { job: PsaHistoryImport }) {
  const finished = isFinished(job);
  const since = job.since ? new Date(job.since) : null;
  return (
    <section
      aria-label="PSA import"
      className="space-y-3 border-t border-slate-200 pt-4 dark:border-slate-800"
    >
      <h3 className="text-sm font-semibold text-slate-900 dark:text-slate-50">
        {finished ? 'Last import' : 'Importing closed tickets…'}
        {since && !Number.isNaN(since.getTime()) && (
          <span className="font-normal text-slate-600 dark:text-slate-400">
            {' '}
            (closed since {sinceFormat.format(since)})
          </span>
        )}
      </h3>
      {/* Until the server has counted the tickets the bar has no value: indeterminate, not "0%". */}
      {job.total > 0 ? (
        <progress
          aria-label="PSA import progress"
          value={job.done}
          max={job.total}
          className="h-2 w-full accent-accent-600"
        />
      ) : (
        !finished && <progress aria-label="PSA import progress" className="h-2 w-full accent-accent-600" />
      )}
      <p aria-live="polite" className="text-sm font-medium text-slate-800 tabular-nums dark:text-slate-200">
        {progressText(job)}
      </p>
      {job.status === 'failed' && (
        <Notice tone="error" title="The import failed">
          {job.error ?? 'The server could not finish this import.'} Tickets imported before it stopped are
          kept; running it again picks up the rest.
        </Notice>
      )}
      {finished && <Summary job={job} />}
    </section>
  );
}

function Summary({ job }: { job: PsaHistoryImport }) {
  const hidden = job.failed.length - FAILURES_SHOWN;
  return (
    <div className="space-y-2 text-sm text-slate-700 dark:text-slate-300">
      <p>
        Imported {tickets(job.imported)} as knowledge, skipped {job.skipped} already known.{' '}
        {job.imported > 0 && (
          <Link
            to="/knowledge?kind=psa_ticket"
            className="font-medium text-accent-700 hover:underline dark:text-accent-300"
          >
            See the imported tickets
          </Link>
        )}
      </p>
      {job.failed.length > 0 && (
        <>
          <p>{tickets(job.failed.length)} could not be imported:</p>
          <ul aria-label="Tickets that could not be imported" className="list-disc space-y-1 pl-5">
            {job.failed.slice(0, FAILURES_SHOWN).map((failure, index) => (
              <li key={`${failure.file}-${index}`}>
                <span className="font-medium">{failure.file}</span>: {failure.reason}
              </li>
            ))}
            {hidden > 0 && <li>and {hidden} more</li>}
          </ul>
        </>
      )}
    </div>
  );
}
