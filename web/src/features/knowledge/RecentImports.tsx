import { Badge, type BadgeTone } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { Card } from '../../components/ui/Card';
import { LoadError } from '../../components/ui/LoadError';
import { LoadingState } from '../../components/ui/Spinner';
import { Table, Td, Th } from '../../components/ui/Table';
import { formatDateTime } from '../../lib/format';
import { useRecentImports } from './importApi';
import type { Schemas } from '../../api/client';

type ImportStatus = Schemas['KnowledgeImport']['status'];

const STATUS: Record<ImportStatus, { label: string; tone: BadgeTone }> = {
  queued: { label: 'Waiting', tone: 'neutral' },
  running: { label: 'Running', tone: 'accent' },
  done: { label: 'Done', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
};

export function RecentImports({ onOpen }: { onOpen: (id: string) => void }) {
  const imports = useRecentImports();
  return (
    <Card title="Recent imports" flush>
      {imports.isPending && <LoadingState label="Loading recent imports…" />}
      {imports.isError && (
        <div className="p-4 sm:p-5">
          <LoadError what="recent imports" error={imports.error} onRetry={() => void imports.refetch()} />
        </div>
      )}
      {imports.isSuccess && imports.data.length === 0 && (
        <p className="px-4 py-6 text-sm text-slate-600 sm:px-5 dark:text-slate-400">No imports yet.</p>
      )}
      {imports.isSuccess && imports.data.length > 0 && (
        <Table caption="Recent imports">
          <thead>
            <tr>
              <Th>Started</Th>
              <Th>Source</Th>
              <Th>Status</Th>
              <Th className="text-right">Files</Th>
              <Th className="text-right">Imported</Th>
              <Th className="text-right">Skipped</Th>
              <Th className="text-right">Failed</Th>
              <Th>
                <span className="sr-only">Details</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {imports.data.map((job) => {
              const status = STATUS[job.status] ?? STATUS.queued;
              const started = formatDateTime(job.created_at, '—');
              return (
                <tr key={job.id}>
                  <Td className="whitespace-nowrap">{started}</Td>
                  <Td>{job.kind === 'psa_history' ? 'PSA history' : 'Files'}</Td>
                  <Td>
                    <Badge tone={status.tone}>{status.label}</Badge>
                  </Td>
                  <Td className="text-right tabular-nums">{job.total}</Td>
                  <Td className="text-right tabular-nums">{job.imported}</Td>
                  <Td className="text-right tabular-nums">{job.skipped}</Td>
                  <Td className="text-right tabular-nums">{job.failed.length}</Td>
                  <Td className="text-right">
                    <Button size="sm" variant="ghost" onClick={() => onOpen(job.id)}>
                      Details<span className="sr-only"> of the import started {started}</span>
                    </Button>
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
