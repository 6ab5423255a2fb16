import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../../api/client';
import { Badge } from '../../../components/ui/Badge';
import { Card } from '../../../components/ui/Card';
import { EmptyState } from '../../../components/ui/EmptyState';
import { LoadError } from '../../../components/ui/LoadError';
import { PageHeader } from '../../../components/ui/PageHeader';
import { LoadingState } from '../../../components/ui/Spinner';
import { formatDateTime } from '../../../lib/format';
import { usePageTitle } from '../../../lib/usePageTitle';
import { useSession } from '../../auth/AuthContext';
import { canWriteRunbooks, useRunbook, type RunbookRecord } from './api';
import { KnowledgeTabs } from './KnowledgeTabs';
import { domainLabel } from './labels';
import { OriginBadge } from './OriginBadge';
import { RunbookActions } from './RunbookActions';
import { RunbookTree } from './RunbookTree';
import { TestRunPanel } from './TestRunPanel';

export function RunbookPage() {
  const { id = '' } = useParams();
  const query = useRunbook(id);
  usePageTitle(query.data?.runbook.title ?? 'Runbook');

  if (query.isPending) return <LoadingState label="Loading the runbook…" />;
  if (query.isError) {
    if (query.error instanceof ApiError && query.error.status === 404)
      return (
        <>
          <PageHeader title="Runbook not found" />
          <KnowledgeTabs />
          <EmptyState
            title="There is no runbook with this id"
            description={
              <>
                It may have been deleted. <Link to="/knowledge/runbooks">See all runbooks</Link>.
              </>
            }
          />
        </>
      );
    return <LoadError what="the runbook" error={query.error} onRetry={() => void query.refetch()} />;
  }
  return <RunbookView record={query.data} />;
}

function RunbookView({ record }: { record: RunbookRecord }) {
  const { user } = useSession();
  const { runbook } = record;
  return (
    <>
      <PageHeader
        title={runbook.title}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span className="font-mono text-xs">{runbook.id}</span>
            <Badge>{domainLabel(runbook.domain)}</Badge>
            <OriginBadge origin={record.origin} forkedFrom={record.forked_from} />
            {record.updated_at && <span>Updated {formatDateTime(record.updated_at)}</span>}
          </span>
        }
        actions={<RunbookActions record={record} writer={canWriteRunbooks(user.role)} />}
      />
      <KnowledgeTabs />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="space-y-6">
          <Card title="Symptoms">
            <Bullets items={runbook.symptoms} />
            <Tags label="Keywords" items={runbook.keywords} />
            <Tags label="Error codes" items={runbook.error_codes} mono />
          </Card>
          <Card title="Causes and fixes">
            <dl className="space-y-4">
              {runbook.causes.map((cause) => (
                <div key={cause.id}>
                  <dt className="font-medium text-slate-900 dark:text-slate-50">
                    {cause.text}{' '}
                    <span className="font-mono text-xs font-normal text-slate-500 dark:text-slate-400">
                      {cause.id}
                    </span>
                  </dt>
                  <dd className="mt-1 text-sm text-slate-700 dark:text-slate-300">
                    <span className="font-medium">Fix: </span>
                    {cause.fix}
                  </dd>
                </div>
              ))}
            </dl>
          </Card>
          <Card title="Steps" description="The first step is where the assistant starts.">
            <RunbookTree runbook={runbook} />
          </Card>
          <Card title="Verification">
            <Bullets items={runbook.verification} />
          </Card>
          {runbook.source && (
            <Card title="Source">
              <a
                href={runbook.source.url}
                target="_blank"
                rel="noreferrer noopener"
                className="text-accent-700 underline dark:text-accent-300"
              >
                {runbook.source.title}
              </a>
            </Card>
          )}
        </div>
        <div className="lg:sticky lg:top-4 lg:self-start">
          <TestRunPanel draft={runbook} />
        </div>
      </div>
    </>
  );
}

function Bullets({ items }: { items: readonly string[] }) {
  return (
    <ul className="list-disc space-y-1 pl-5 text-sm text-slate-800 dark:text-slate-200">
      {items.map((item, i) => (
        <li key={i}>{item}</li>
      ))}
    </ul>
  );
}

function Tags({
  label,
  items,
  mono,
}: {
  label: string;
  items: readonly string[];
  mono?: boolean;
}): ReactNode {
  if (items.length === 0) return null;
  return (
    <div className="mt-4">
      <h3 className="text-sm font-medium text-slate-700 dark:text-slate-300">{label}</h3>
      <ul aria-label={label} className={`mt-1 flex flex-wrap gap-1.5 ${mono ? 'font-mono' : ''}`}>
        {items.map((item) => (
          <li key={item}>
            <Badge>{item}</Badge>
          </li>
        ))}
      </ul>
    </div>
  );
}
