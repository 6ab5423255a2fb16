import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Badge } from '../../../components/ui/Badge';
import { buttonClasses } from '../../../components/ui/buttonStyles';
import { EmptyState } from '../../../components/ui/EmptyState';
import { Input } from '../../../components/ui/Input';
import { LoadError } from '../../../components/ui/LoadError';
import { Notice } from '../../../components/ui/Notice';
import { PageHeader } from '../../../components/ui/PageHeader';
import { SegmentedControl } from '../../../components/ui/SegmentedControl';
import { LoadingState } from '../../../components/ui/Spinner';
import { formatDateTime } from '../../../lib/format';
import { formatTimeAgo } from '../../../lib/timeAgo';
import { usePageTitle } from '../../../lib/usePageTitle';
import { useSession } from '../../auth/AuthContext';
import {
  canWriteRunbooks,
  RUNBOOK_SCHEMA_URL,
  useRunbookList,
  type RunbookOrigin,
  type RunbookSummary,
} from './api';
import { ImportRunbookButton } from './ImportRunbookButton';
import { KnowledgeTabs } from './KnowledgeTabs';
import { domainLabel } from './labels';
import { OriginBadge } from './OriginBadge';

const ORIGIN_OPTIONS = [
  { value: '', label: 'All' },
  { value: 'account', label: 'Ours' },
  { value: 'shipped', label: 'Shipped' },
] as const;

const SEARCH_DELAY_MS = 250;

export function RunbooksPage() {
  usePageTitle('Runbooks');
  const { user } = useSession();
  const writer = canWriteRunbooks(user.role);
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const rawOrigin = params.get('origin');
  const origin: RunbookOrigin | '' = rawOrigin === 'account' || rawOrigin === 'shipped' ? rawOrigin : '';
  const [typed, setTyped] = useState(q);
  const [importError, setImportError] = useState<string | null>(null);

  // Filters live in the URL so Back and shared links restore them; typing waits for a pause first.
  useEffect(() => {
    if (typed.trim() === q) return;
    const timer = setTimeout(() => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (typed.trim()) next.set('q', typed.trim());
          else next.delete('q');
          return next;
        },
        { replace: true },
      );
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [typed, q, setParams]);

  const setOrigin = (value: RunbookOrigin | '') =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set('origin', value);
        else next.delete('origin');
        return next;
      },
      { replace: true },
    );

  return (
    <>
      <PageHeader
        title="Runbooks"
        description={
          <>
            Decision trees the assistant walks with your techs: the shipped library plus your own.{' '}
            <a
              href={RUNBOOK_SCHEMA_URL}
              className="font-medium text-accent-700 underline dark:text-accent-300"
            >
              JSON Schema
            </a>
          </>
        }
        actions={
          writer ? (
            <>
              <ImportRunbookButton onError={setImportError} />
              <Link to="/knowledge/runbooks/new" className={buttonClasses('primary')}>
                New runbook
              </Link>
            </>
          ) : undefined
        }
      />
      <KnowledgeTabs />
      {importError && (
        <Notice tone="error" title="Import failed" className="mb-4">
          {importError}
        </Notice>
      )}
      <div className="mb-4 flex flex-wrap items-end gap-4">
        <div className="w-full max-w-sm">
          <Input
            label="Search runbooks"
            type="search"
            value={typed}
            placeholder="Title, symptom, keyword or error code"
            onChange={(event) => setTyped(event.target.value)}
          />
        </div>
        <SegmentedControl label="Origin" options={ORIGIN_OPTIONS} value={origin} onChange={setOrigin} />
      </div>
      <RunbookListPanel q={q} origin={origin} writer={writer} />
    </>
  );
}

function RunbookListPanel({ q, origin, writer }: { q: string; origin: RunbookOrigin | ''; writer: boolean }) {
  const list = useRunbookList({ q, origin });
  if (list.isPending) return <LoadingState label="Loading runbooks…" />;
  if (list.isError)
    return <LoadError what="runbooks" error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data.length === 0) {
    const filtered = Boolean(q || origin);
    return (
      <EmptyState
        title={filtered ? 'No runbooks match' : 'No runbooks yet'}
        description={
          filtered
            ? 'Try other words, or show all origins.'
            : writer
              ? 'Write one, or import a YAML or JSON file.'
              : 'Engineers, admins and owners can add runbooks.'
        }
      />
    );
  }
  return (
    <ul
      aria-label="Runbooks"
      className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900"
    >
      {list.data.map((item) => (
        <RunbookRow key={item.id} item={item} />
      ))}
    </ul>
  );
}

function RunbookRow({ item }: { item: RunbookSummary }) {
  return (
    <li className="relative px-4 py-3 hover:bg-slate-50 focus-within:bg-slate-50 sm:px-5 dark:hover:bg-slate-800/60 dark:focus-within:bg-slate-800/60">
      <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1">
        <Link
          to={`/knowledge/runbooks/${encodeURIComponent(item.id)}`}
          className="min-w-0 font-medium text-slate-900 after:absolute after:inset-0 hover:underline dark:text-slate-50"
        >
          {item.title}
        </Link>
        <div className="flex shrink-0 flex-wrap items-center gap-1.5">
          <Badge>{domainLabel(item.domain)}</Badge>
          <OriginBadge origin={item.origin} forkedFrom={item.forked_from} />
        </div>
      </div>
      <p className="mt-1 flex flex-wrap gap-x-3 gap-y-0.5 text-sm text-slate-600 dark:text-slate-400">
        <span className="font-mono text-xs leading-5">{item.id}</span>
        <span>
          {item.steps} {item.steps === 1 ? 'step' : 'steps'}, {item.causes}{' '}
          {item.causes === 1 ? 'cause' : 'causes'}
        </span>
        {item.updated_at && (
          <span>
            Updated{' '}
            <time dateTime={item.updated_at} title={formatDateTime(item.updated_at)}>
              {formatTimeAgo(item.updated_at)}
            </time>
          </span>
        )}
      </p>
    </li>
  );
}
