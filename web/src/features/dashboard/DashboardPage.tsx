import { Link } from 'react-router';
import { EmptyState } from '../../components/ui/EmptyState';
import { CheckIcon, SessionsIcon } from '../../components/ui/icons';
import { LoadError } from '../../components/ui/LoadError';
import { PageHeader } from '../../components/ui/PageHeader';
import { LoadingState } from '../../components/ui/Spinner';
import { isSeniorRole } from '../../lib/roles';
import { usePageTitle } from '../../lib/usePageTitle';
import { useSession } from '../auth/AuthContext';
import { useSessionList } from '../sessions/api';
import { OPEN_STATUSES } from '../sessions/labels';
import { SessionList } from '../sessions/SessionList';
import { NewSessionLink } from '../sessions/SessionsPage';
import type { Schemas } from '../../api/client';
import { DashboardSection, dashboardLinkClasses } from './DashboardSection';
import { ClaimedEscalations, WaitingEscalations } from './EscalationSections';

type SessionRecord = Schemas['Session'];

const MY_LIMIT = 10;
const RESOLVED_LIMIT = 5;

export function DashboardPage() {
  usePageTitle('Dashboard');
  const { user, account } = useSession();
  const canStart = user.role !== 'viewer';
  return (
    <>
      <PageHeader
        title="Dashboard"
        description={`Welcome back, ${user.name}. Here is what is happening at ${account.name}.`}
        actions={canStart ? <NewSessionLink /> : undefined}
      />
      <div className="grid gap-8 xl:grid-cols-2">
        <MySessions canStart={canStart} />
        {isSeniorRole(user.role) && <WaitingEscalations />}
        {isSeniorRole(user.role) && <ClaimedEscalations />}
        <RecentlyResolved />
      </div>
    </>
  );
}

function MySessions({ canStart }: { canStart: boolean }) {
  // The API filters by one status at a time; fetch mine and keep the ones still being worked.
  const list = useSessionList({ scope: 'mine', limit: 50 });
  const open = (list.data ?? [])
    .filter((s: SessionRecord) => OPEN_STATUSES.includes(s.status))
    .slice(0, MY_LIMIT);
  return (
    <DashboardSection
      title="My sessions"
      link={
        <Link to="/sessions" className={dashboardLinkClasses}>
          All my sessions
        </Link>
      }
    >
      {list.isPending && <LoadingState label="Loading your sessions…" />}
      {list.isError && (
        <LoadError what="your sessions" error={list.error} onRetry={() => void list.refetch()} />
      )}
      {list.isSuccess &&
        (open.length > 0 ? (
          <SessionList sessions={open} label="My open sessions" />
        ) : (
          <EmptyState
            icon={<SessionsIcon className="size-6" />}
            title="No open sessions"
            description={
              canStart
                ? 'Start a guided session when a ticket needs troubleshooting; open and paused ones show up here.'
                : 'Sessions you run show up here. Your role has read-only access.'
            }
            action={canStart ? <NewSessionLink /> : undefined}
          />
        ))}
    </DashboardSection>
  );
}

function RecentlyResolved() {
  const list = useSessionList({ scope: 'account', status: 'resolved', limit: RESOLVED_LIMIT });
  return (
    <DashboardSection
      title="Recently resolved by the team"
      link={
        <Link to="/sessions?scope=account&status=resolved" className={dashboardLinkClasses}>
          All resolved
        </Link>
      }
    >
      {list.isPending && <LoadingState label="Loading resolved sessions…" />}
      {list.isError && (
        <LoadError what="resolved sessions" error={list.error} onRetry={() => void list.refetch()} />
      )}
      {list.isSuccess &&
        (list.data.length > 0 ? (
          <SessionList sessions={list.data} label="Recently resolved sessions" />
        ) : (
          <EmptyState
            icon={<CheckIcon className="size-6" />}
            title="Nothing resolved yet"
            description="Resolved sessions become shared knowledge: their fixes are suggested for similar problems."
          />
        ))}
    </DashboardSection>
  );
}
