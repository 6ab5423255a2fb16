import { Link } from 'react-router';
import { EmptyState } from '../../components/ui/EmptyState';
import { CheckIcon, EscalationIcon } from '../../components/ui/icons';
import { LoadError } from '../../components/ui/LoadError';
import { LoadingState } from '../../components/ui/Spinner';
import { formatDateTime } from '../../lib/format';
import { formatTimeAgo } from '../../lib/timeAgo';
import { useNow } from '../../lib/useNow';
import { useSession } from '../auth/AuthContext';
import { useQueue } from '../escalations/api';
import { waitingSince } from '../escalations/format';
import { AssessmentStatusText, HandoffPriorityBadge, PolicyLevelBadge } from '../escalations/HandoffBadges';
import { pickupLink } from '../escalations/QueueCard';
import type { QueueCardItem } from '../escalations/types';
import { useQueueLiveSync } from '../escalations/useQueueLiveSync';
import { useSessionList } from '../sessions/api';
import { ticketLabel } from '../sessions/labels';
import { SessionList } from '../sessions/SessionList';
import { DashboardSection, dashboardLinkClasses } from './DashboardSection';

const WAITING_LIMIT = 5;

/** Seniors: the first few escalations in the queue, live. */
export function WaitingEscalations() {
  const { user } = useSession();
  const queue = useQueue();
  const now = useNow(30_000);
  useQueueLiveSync(user.id);
  const items = (queue.data ?? []).slice(0, WAITING_LIMIT);
  const more = (queue.data?.length ?? 0) - items.length;
  return (
    <DashboardSection
      title="Waiting escalations"
      link={
        <Link to="/escalations" className={dashboardLinkClasses}>
          {more > 0 ? `All ${queue.data?.length} in the queue` : 'Open the queue'}
        </Link>
      }
    >
      {queue.isPending && <LoadingState label="Loading the escalation queue…" />}
      {queue.isError && (
        <LoadError what="the escalation queue" error={queue.error} onRetry={() => void queue.refetch()} />
      )}
      {queue.isSuccess &&
        (items.length > 0 ? (
          <ul
            aria-label="Waiting escalations"
            className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900"
          >
            {items.map((item) => (
              <WaitingRow key={item.id} item={item} now={now} />
            ))}
          </ul>
        ) : (
          <EmptyState
            icon={<EscalationIcon className="size-6" />}
            title="Nothing waiting"
            description="When a tech escalates a session it shows up here and in the queue straight away."
          />
        ))}
    </DashboardSection>
  );
}

function WaitingRow({ item, now }: { item: QueueCardItem; now: number }) {
  const ticket = ticketLabel(item.ticket);
  return (
    <li className="relative px-4 py-3 hover:bg-slate-50 focus-within:bg-slate-50 sm:px-5 dark:hover:bg-slate-800/60 dark:focus-within:bg-slate-800/60">
      <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1">
        <Link
          to={pickupLink(item.session_id)}
          className="min-w-0 font-medium break-words text-slate-900 after:absolute after:inset-0 hover:underline dark:text-slate-50"
        >
          {item.problem_summary || 'Untitled problem'}
        </Link>
        <div className="flex shrink-0 flex-wrap items-center gap-1.5">
          <HandoffPriorityBadge priority={item.priority} />
          <PolicyLevelBadge level={item.policy_level} />
        </div>
      </div>
      <p className="mt-1 flex flex-wrap gap-x-3 gap-y-0.5 text-sm text-slate-600 dark:text-slate-400">
        <span>{item.handed_off_by.name}</span>
        <time dateTime={item.created_at} title={formatDateTime(item.created_at)}>
          {formatTimeAgo(waitingSince(item, now), { now, style: 'compact' })}
        </time>
        {ticket && <span>Ticket {ticket}</span>}
        <AssessmentStatusText status={item.assessment_status} />
      </p>
    </li>
  );
}

/** Seniors: escalated sessions this user claimed and is still working. */
export function ClaimedEscalations() {
  const { user } = useSession();
  const list = useSessionList({ scope: 'account', status: 'escalated', limit: 100 });
  const mine = (list.data ?? []).filter((s) => s.escalated_to_id === user.id);
  return (
    <DashboardSection title="Escalations I claimed">
      {list.isPending && <LoadingState label="Loading your claimed escalations…" />}
      {list.isError && (
        <LoadError what="your claimed escalations" error={list.error} onRetry={() => void list.refetch()} />
      )}
      {list.isSuccess &&
        (mine.length > 0 ? (
          <SessionList sessions={mine} label="Escalations I claimed" />
        ) : (
          <EmptyState
            icon={<CheckIcon className="size-6" />}
            title="No claimed escalations"
            description="Escalations you claim from the queue stay here until they are resolved."
          />
        ))}
    </DashboardSection>
  );
}
