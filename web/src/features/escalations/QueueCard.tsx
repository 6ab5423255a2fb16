import { Link } from 'react-router';
import { Badge } from '../../components/ui/Badge';
import { cx } from '../../components/ui/cx';
import { formatDateTime } from '../../lib/format';
import { formatTimeAgo } from '../../lib/timeAgo';
import { ticketLabel } from '../sessions/labels';
import { waitingSince } from './format';
import { AssessmentStatusText, HandoffPriorityBadge, PolicyLevelBadge } from './HandoffBadges';
import { PagedText } from './PagedText';
import type { QueueCardItem } from './types';

export const pickupLink = (sessionId: string) => `/sessions/${encodeURIComponent(sessionId)}?pickup=1`;

interface QueueCardProps {
  item: QueueCardItem;
  now: number;
  meId: string;
  unread: boolean;
  /** Arrived live while the page was open: slides in (fades only under prefers-reduced-motion). */
  fresh: boolean;
  onOpen: () => void;
}

/** One waiting escalation. The whole card is one link to the handoff context screen. */
export function QueueCard({ item, now, meId, unread, fresh, onOpen }: QueueCardProps) {
  const ticket = ticketLabel(item.ticket);
  const steps = `${item.steps_tried} step${item.steps_tried === 1 ? '' : 's'} tried`;
  return (
    <article
      aria-label={item.problem_summary}
      data-handoff-id={item.id}
      data-unread={unread ? 'true' : undefined}
      data-fresh={fresh ? 'true' : undefined}
      className={cx(
        'relative rounded-lg border bg-white p-4 shadow-sm sm:p-5 dark:bg-slate-900',
        'hover:border-accent-300 focus-within:border-accent-400 dark:hover:border-accent-700 dark:focus-within:border-accent-500',
        unread ? 'border-accent-200 dark:border-accent-900' : 'border-slate-200 dark:border-slate-800',
        fresh && 'motion-safe:animate-queue-slide-in motion-reduce:animate-queue-fade-in',
      )}
    >
      <div className="flex items-start gap-3">
        <span
          aria-hidden="true"
          className={cx(
            'mt-2 size-2.5 shrink-0 rounded-full',
            unread ? 'bg-accent-600 dark:bg-accent-400' : 'bg-transparent',
          )}
          data-unread-dot={unread ? '' : undefined}
        />
        <div className="min-w-0 flex-1 space-y-2">
          <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2">
            <h2 className="min-w-0 text-base font-semibold break-words text-slate-900 dark:text-slate-50">
              <Link
                to={pickupLink(item.session_id)}
                onClick={onOpen}
                className="after:absolute after:inset-0 after:rounded-lg hover:underline"
              >
                {unread && <span className="sr-only">Unread: </span>}
                {item.problem_summary || 'Untitled problem'}
              </Link>
            </h2>
            <div className="flex shrink-0 flex-wrap items-center gap-1.5">
              <HandoffPriorityBadge priority={item.priority} />
              <PolicyLevelBadge level={item.policy_level} />
              {item.target_user_id === meId && <Badge tone="accent">Asked for you</Badge>}
            </div>
          </div>
          <p className="flex flex-wrap gap-x-3 gap-y-1 text-sm text-slate-600 dark:text-slate-400">
            <span>
              Escalated by{' '}
              <span className="font-medium text-slate-800 dark:text-slate-200">
                {item.handed_off_by.name}
              </span>
            </span>
            <time dateTime={item.created_at} title={formatDateTime(item.created_at)}>
              {formatTimeAgo(waitingSince(item, now), { now, style: 'compact' })}
            </time>
            {ticket && <span>Ticket {ticket}</span>}
            {item.client && <span>{item.client}</span>}
            <span>{steps}</span>
          </p>
          {item.engineer_notes && (
            <p className="line-clamp-2 text-sm break-words text-slate-700 dark:text-slate-300">
              <span className="sr-only">Notes: </span>“{item.engineer_notes}”
            </p>
          )}
          <AssessmentStatusText status={item.assessment_status} />
          <PagedText paged={item.paged} />
        </div>
      </div>
    </article>
  );
}
