import { Badge, type BadgeTone } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { Card } from '../../components/ui/Card';
import { QueryList } from '../../components/ui/QueryList';
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
      <QueryList
        query={imports}
        what="recent imports"
        loadingLabel="Loading recent imports…"
        flush
        empty="No imports yet."
      >
        {(items) => (
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
              {items.map((job) => {
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
      </QueryList>
    </Card>
  );
}
