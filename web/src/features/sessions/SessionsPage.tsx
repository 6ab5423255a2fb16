import { Link, useSearchParams } from 'react-router';
import { buttonClasses } from '../../components/ui/buttonStyles';
import { EmptyState } from '../../components/ui/EmptyState';
import { SessionsIcon } from '../../components/ui/icons';
import { LoadError } from '../../components/ui/LoadError';
import { PageHeader } from '../../components/ui/PageHeader';
import { Select } from '../../components/ui/Select';
import { LoadingState } from '../../components/ui/Spinner';
import { Tabs } from '../../components/ui/Tabs';
import { usePageTitle } from '../../lib/usePageTitle';
import { useSession } from '../auth/AuthContext';
import { useSessionList } from './api';
import { STATUS_LABELS } from './labels';
import { SessionList } from './SessionList';
import type { SessionScope } from './types';
import type { SessionStatus } from '../../../../shared/sessions';

const SCOPE_TABS = [
  { value: 'mine', label: 'Mine' },
  { value: 'account', label: 'Team' },
] as const;

const STATUS_OPTIONS = [
  { value: '', label: 'All statuses' },
  ...(Object.keys(STATUS_LABELS) as SessionStatus[]).map((value) => ({ value, label: STATUS_LABELS[value] })),
];

function isStatus(value: string | null): value is SessionStatus {
  return value !== null && value in STATUS_LABELS;
}

export function NewSessionLink({ size = 'md' }: { size?: 'sm' | 'md' }) {
  return (
    <Link to="/sessions/new" className={buttonClasses('primary', size)}>
      New session
    </Link>
  );
}

export function SessionsPage() {
  usePageTitle('Sessions');
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const scope: SessionScope = params.get('scope') === 'account' ? 'account' : 'mine';
  const rawStatus = params.get('status');
  const status = isStatus(rawStatus) ? rawStatus : undefined;
  const canStart = user.role !== 'viewer';

  // Filters live in the URL so a filtered list can be bookmarked, shared and restored with Back.
  const update = (next: { scope?: SessionScope; status?: string }) => {
    const merged = new URLSearchParams(params);
    if (next.scope !== undefined) merged.set('scope', next.scope);
    if (next.status !== undefined) {
      if (next.status) merged.set('status', next.status);
      else merged.delete('status');
    }
    setParams(merged, { replace: true });
  };

  return (
    <>
      <PageHeader
        title="Sessions"
        description="Guided troubleshooting sessions run by your helpdesk."
        actions={canStart ? <NewSessionLink /> : undefined}
      />
      <Tabs
        label="Whose sessions"
        items={SCOPE_TABS}
        value={scope}
        onChange={(value) => update({ scope: value })}
      >
        <div className="mb-4 max-w-xs">
          <Select
            label="Status"
            value={status ?? ''}
            options={STATUS_OPTIONS}
            onChange={(event) => update({ status: event.target.value })}
          />
        </div>
        <SessionListPanel scope={scope} status={status} canStart={canStart} />
      </Tabs>
    </>
  );
}

function SessionListPanel({
  scope,
  status,
  canStart,
}: {
  scope: SessionScope;
  status?: SessionStatus;
  canStart: boolean;
}) {
  const list = useSessionList({ scope, status });
  if (list.isPending) return <LoadingState label="Loading sessions…" />;
  if (list.isError)
    return <LoadError what="sessions" error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data.length === 0) {
    const filtered = status ? ` with status “${STATUS_LABELS[status]}”` : '';
    return (
      <EmptyState
        icon={<SessionsIcon className="size-6" />}
        title={scope === 'mine' ? 'No sessions of yours' : 'No team sessions'}
        description={
          scope === 'mine'
            ? `You have no sessions${filtered}. Start one when a ticket needs troubleshooting.`
            : `No sessions${filtered} that you can see on your team.`
        }
        action={canStart && scope === 'mine' ? <NewSessionLink /> : undefined}
      />
    );
  }
  return <SessionList sessions={list.data} label={scope === 'mine' ? 'My sessions' : 'Team sessions'} />;
}
