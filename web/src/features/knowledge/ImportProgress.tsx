import { Link } from 'react-router';
import { Card } from '../../components/ui/Card';
import { LoadError } from '../../components/ui/LoadError';
import { Notice } from '../../components/ui/Notice';
import { LoadingState } from '../../components/ui/Spinner';
import { Table, Td, Th } from '../../components/ui/Table';
import { isFinished, useImportJob } from './importApi';
import type { Schemas } from '../../api/client';

type KnowledgeImport = Schemas['KnowledgeImport'];

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Progress of one import, live until it ends, then what came of each file. */
export function ImportProgress({ id }: { id: string }) {
  const job = useImportJob(id);
  if (job.isPending) return <LoadingState label="Loading the import…" />;
  if (job.isError)
    return <LoadError what="the import" error={job.error} onRetry={() => void job.refetch()} />;
  return <ImportStatusCard job={job.data} />;
}

function statusSentence(job: KnowledgeImport): string {
  if (job.status === 'queued' && job.total === 0) return 'Waiting to start…';
  if (!isFinished(job)) return `${job.done} of ${plural(job.total, 'file', 'files')}`;
  if (job.status === 'failed')
    return `The import stopped after ${job.done} of ${plural(job.total, 'file', 'files')}.`;
  return `Import finished: ${job.done} of ${plural(job.total, 'file', 'files')} processed.`;
}

export function ImportStatusCard({ job }: { job: KnowledgeImport }) {
  const finished = isFinished(job);
  return (
    <Card title={finished ? 'Import result' : 'Importing…'}>
      <div className="space-y-4">
        {/* No value while the server has not counted the files yet: an indeterminate bar, not "0%". */}
        {job.total > 0 ? (
          <progress
            aria-label="Import progress"
            value={job.done}
            max={job.total}
            className="h-2 w-full accent-accent-600"
          />
        ) : (
          <progress aria-label="Import progress" className="h-2 w-full accent-accent-600" />
        )}
        <p aria-live="polite" className="text-sm font-medium text-slate-800 tabular-nums dark:text-slate-200">
          {statusSentence(job)}
        </p>
        {job.status === 'failed' && (
          <Notice tone="error" title="The import failed">
            {job.error ?? 'The server could not finish this import.'} Files imported before it stopped are
            kept.
          </Notice>
        )}
        {finished && <ImportSummary job={job} />}
      </div>
    </Card>
  );
}

function ImportSummary({ job }: { job: KnowledgeImport }) {
  return (
    <>
      <dl className="grid grid-cols-3 gap-3 border-t border-slate-200 pt-3 text-sm dark:border-slate-800">
        <SummaryFigure term="Imported" value={job.imported} />
        <SummaryFigure term="Skipped as identical" value={job.skipped} />
        <SummaryFigure term="Failed" value={job.failed.length} />
      </dl>
      {job.skipped > 0 && (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Skipped files match an article you already have word for word, so nothing changed for them.
        </p>
      )}
      {job.failed.length > 0 && (
        <div className="overflow-hidden rounded-md border border-slate-200 dark:border-slate-800">
          <Table caption="Files that could not be imported">
            <thead>
              <tr>
                <Th>File</Th>
                <Th>Reason</Th>
              </tr>
            </thead>
            <tbody>
              {job.failed.map((failure, index) => (
                <tr key={`${failure.file}-${index}`}>
                  <Td className="font-mono text-xs break-all">{failure.file}</Td>
                  <Td>{failure.reason}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      )}
      {job.imported > 0 && (
        <p className="text-sm">
          <Link to="/knowledge" className="font-medium text-accent-700 hover:underline dark:text-accent-300">
            See the articles
          </Link>
        </p>
      )}
    </>
  );
}

function SummaryFigure({ term, value }: { term: string; value: number }) {
  return (
    <div>
      <dt className="text-xs font-medium text-slate-600 dark:text-slate-400">{term}</dt>
      <dd className="text-2xl font-semibold text-slate-900 tabular-nums dark:text-slate-50">{value}</dd>
    </div>
  );
}
